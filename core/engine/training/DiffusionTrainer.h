#pragma once

#include "engine/networks/UNetConfig.h"
#include "engine/schedule/NoiseGenerator.h"
#include "engine/schedule/NoiseSchedule.h"
#include "engine/training/BlobCorruption.h"
#include "engine/training/ModelTrainer.h"

#include <memory>

namespace anomadiff::engine {

class UNetImpl;

/// Trains the built-in UNet as an ε-predictor (seed Eq. 4): for x_0 from the data, t uniform in
/// [minTimestep, maxTimestep] and ε from `noise` (N(0, I), or AnoDDPM-style coarse noise so the
/// model learns to undo noise that hides whole lesions), minimise
/// ‖ε − ε̂(√ᾱ_t x_0 + √(1−ᾱ_t) ε, t, y)‖², with y replaced by the null class with probability
/// classDropout (classifier-free guidance). With a BlobCorruption (restoration training), a
/// drawn fraction of the rows is noised from a corrupted image x̃_0 while the target stays the
/// clean one: ε̃ = (x_t − √ᾱ_t x_0)/√(1−ᾱ_t) for x_t = √ᾱ_t x̃_0 + √(1−ᾱ_t) ε, the noise
/// that leads back to the healthy x_0. Those rows' squared errors are weighted by
/// min(1, (1−ᾱ_t)/ᾱ_t), which turns them into an x_0 error where the signal dominates (the
/// target would otherwise grow without bound as t → 0). AdamW, gradient clipping, EMA weights (what
/// inference uses), resumable checkpoints and determinism for a seed come from ModelTrainer.
class DiffusionTrainer final : public ModelTrainer {
 public:
  /// Seeds LibTorch with options.seed and builds the model (and its EMA copy) from `config`.
  /// Throws InvalidArgument for a bad config or options. Training images must be
  /// [B, inChannels, H, W] with sides that fit the UNet; labels are used when the UNet is
  /// class-conditional.
  DiffusionTrainer(const UNetConfig& config, const NoiseSchedule& schedule, TrainingOptions options,
                   NoiseGenerator noise = NoiseGenerator(),
                   BlobCorruption corruption = BlobCorruption());
  ~DiffusionTrainer() override;

  std::shared_ptr<UNetImpl> model() const { return m_model; }
  std::shared_ptr<UNetImpl> emaModel() const { return m_ema; }

 private:
  torch::Tensor loss(const TrainingBatch& batch) override;
  torch::Tensor restorationLoss(const torch::Tensor& x0, const torch::Tensor& t,
                                const torch::Tensor& epsilon, const torch::Tensor& labels);

  std::shared_ptr<UNetImpl> m_model;
  std::shared_ptr<UNetImpl> m_ema;
  double m_classDropout;
  NoiseGenerator m_noise;
  BlobCorruption m_corruption;
};

}  // namespace anomadiff::engine
