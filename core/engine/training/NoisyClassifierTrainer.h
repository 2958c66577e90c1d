#pragma once

#include "engine/networks/NoisyClassifierNetConfig.h"
#include "engine/schedule/NoiseSchedule.h"
#include "engine/training/ModelTrainer.h"

#include <memory>

namespace anomadiff::engine {

class NoisyClassifierNetImpl;

/// Trains the noisy classifier C(y | x_t, t) for classifier guidance: cross-entropy of the
/// labels on x_t = √ᾱ_t x_0 + √(1−ᾱ_t) ε at t uniform in [minTimestep, maxTimestep]. Same
/// conventions as DiffusionTrainer (AdamW, EMA, checkpoints, determinism; classDropout unused).
/// A cell-head classifier is trained per cell instead, on targets from the batch's lesion masks.
class NoisyClassifierTrainer final : public ModelTrainer {
 public:
  /// Seeds LibTorch with options.seed and builds the classifier (and its EMA copy).
  /// Throws InvalidArgument for a bad config or options. Training labels must lie in
  /// 0..classes-1; a cell head needs the batches' lesion masks.
  NoisyClassifierTrainer(const NoisyClassifierNetConfig& config, const NoiseSchedule& schedule,
                         TrainingOptions options);
  ~NoisyClassifierTrainer() override;

  std::shared_ptr<NoisyClassifierNetImpl> model() const { return m_model; }
  std::shared_ptr<NoisyClassifierNetImpl> emaModel() const { return m_ema; }

 private:
  static constexpr double kLesionCellWeight = 10.0;

  torch::Tensor loss(const TrainingBatch& batch) override;
  torch::Tensor cellLoss(const torch::Tensor& logits, const TrainingBatch& batch) const;

  std::shared_ptr<NoisyClassifierNetImpl> m_model;
  std::shared_ptr<NoisyClassifierNetImpl> m_ema;
};

}  // namespace anomadiff::engine
