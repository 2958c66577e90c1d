#pragma once

#include "common/CancelToken.h"
#include "common/ProgressSink.h"
#include "engine/networks/NoisyClassifierNetConfig.h"
#include "engine/schedule/NoiseSchedule.h"
#include "engine/training/TrainingDataSource.h"
#include "engine/training/TrainingOptions.h"

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace anomadiff::engine {

class NoisyClassifierNetImpl;
class TrainingLoop;

/// Trains the noisy classifier C(y | x_t, t) for classifier guidance: cross-entropy of the
/// labels on x_t = √ᾱ_t x_0 + √(1−ᾱ_t) ε at t uniform in [minTimestep, maxTimestep]. Same
/// conventions as DiffusionTrainer (AdamW, EMA, checkpoints, determinism; classDropout unused).
/// A cell-head classifier is trained per cell instead, on targets from the batch's lesion masks.
class NoisyClassifierTrainer {
 public:
  /// Seeds LibTorch with options.seed and builds the classifier (and its EMA copy).
  /// Throws InvalidArgument for a bad config or options.
  NoisyClassifierTrainer(const NoisyClassifierNetConfig& config, const NoiseSchedule& schedule,
                         TrainingOptions options);
  ~NoisyClassifierTrainer();

  /// Labels must lie in 0..classes-1; a cell head needs the batches' lesion masks. Throws Cancelled
  /// (after writing checkpoint and log).
  TrainingSummary train(TrainingDataSource& data, ProgressSink& progress,
                        const CancelToken& cancel);

  void loadCheckpoint(const std::filesystem::path& path);
  void saveCheckpoint(const std::filesystem::path& path) const;
  void loadWeights(const std::filesystem::path& path);
  /// The EMA weights as an inference weights file (a bundle's classifier.safetensors).
  void saveEmaWeights(const std::filesystem::path& path,
                      const std::map<std::string, std::string>& metadata = {}) const;

  std::shared_ptr<NoisyClassifierNetImpl> model() const { return m_model; }
  std::shared_ptr<NoisyClassifierNetImpl> emaModel() const { return m_ema; }
  int step() const;
  const std::vector<TrainingStep>& lossHistory() const;

 private:
  static constexpr double kLesionCellWeight = 10.0;

  torch::Tensor cellLoss(const torch::Tensor& logits, const TrainingBatch& batch) const;

  std::shared_ptr<NoisyClassifierNetImpl> m_model;
  std::shared_ptr<NoisyClassifierNetImpl> m_ema;
  torch::Tensor m_signalScale;
  torch::Tensor m_noiseScale;
  int m_minTimestep;
  int m_maxTimestep;
  std::unique_ptr<TrainingLoop> m_loop;
};

}  // namespace anomadiff::engine
