#pragma once

#include "common/CancelToken.h"
#include "common/ProgressSink.h"
#include "engine/networks/UNetConfig.h"
#include "engine/schedule/NoiseGenerator.h"
#include "engine/schedule/NoiseSchedule.h"
#include "engine/training/TrainingDataSource.h"
#include "engine/training/TrainingOptions.h"

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace anomadiff::engine {

class UNetImpl;
class TrainingLoop;

/// Trains the built-in UNet as an ε-predictor (seed Eq. 4): for x_0 from the data, t uniform in
/// [minTimestep, maxTimestep] and ε from `noise` (N(0, I), or AnoDDPM-style coarse noise so the
/// model learns to undo noise that hides whole lesions), minimise
/// ‖ε − ε̂(√ᾱ_t x_0 + √(1−ᾱ_t) ε, t, y)‖², with y replaced by the null class with probability
/// classDropout (classifier-free guidance). AdamW, gradient clipping, EMA weights (what
/// inference uses), resumable checkpoints and determinism for a seed come from TrainingLoop.
class DiffusionTrainer {
 public:
  /// Seeds LibTorch with options.seed and builds the model (and its EMA copy) from `config`.
  /// Throws InvalidArgument for a bad config or options.
  DiffusionTrainer(const UNetConfig& config, const NoiseSchedule& schedule, TrainingOptions options,
                   NoiseGenerator noise = NoiseGenerator());
  ~DiffusionTrainer();

  /// Trains until options.steps steps are done in total. Images must be [B, inChannels, H, W]
  /// with sides that fit the UNet; labels are used when the UNet is class-conditional.
  /// Throws Cancelled (after writing the checkpoint and the log) when `cancel` fires.
  TrainingSummary train(TrainingDataSource& data, ProgressSink& progress,
                        const CancelToken& cancel);

  /// Resumes a run from a checkpoint written by this kind of trainer with the same config and seed.
  void loadCheckpoint(const std::filesystem::path& path);
  void saveCheckpoint(const std::filesystem::path& path) const;
  /// Starts from existing weights (model and EMA), e.g. to fine-tune a bundle's denoiser.
  void loadWeights(const std::filesystem::path& path);
  /// The EMA weights as an inference weights file (a bundle's denoiser.safetensors).
  void saveEmaWeights(const std::filesystem::path& path,
                      const std::map<std::string, std::string>& metadata = {}) const;

  std::shared_ptr<UNetImpl> model() const { return m_model; }
  std::shared_ptr<UNetImpl> emaModel() const { return m_ema; }
  int step() const;
  const std::vector<TrainingStep>& lossHistory() const;

 private:
  std::shared_ptr<UNetImpl> m_model;
  std::shared_ptr<UNetImpl> m_ema;
  torch::Tensor m_signalScale;  // √ᾱ_t, float32 [T]
  torch::Tensor m_noiseScale;   // √(1−ᾱ_t)
  int m_minTimestep;
  int m_maxTimestep;
  double m_classDropout;
  NoiseGenerator m_noise;
  std::unique_ptr<TrainingLoop> m_loop;
};

}  // namespace anomadiff::engine
