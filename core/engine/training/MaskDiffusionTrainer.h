#pragma once

#include "engine/networks/UNetConfig.h"
#include "engine/schedule/NoiseSchedule.h"
#include "engine/segmentation/BernoulliDiffusion.h"
#include "engine/training/ModelTrainer.h"

#include <memory>

namespace anomadiff::engine {

class UNetImpl;

/// Trains a UNet that denoises the *lesion mask* conditioned on the image (seed §5.1: Palette /
/// SegDiff / MedSegDiff; BerDiff for the Bernoulli kind). Input channels: the noisy mask, then
/// the image; the UNet's config must say inChannels = 2, outChannels = 1, no classes. Both kinds
/// predict the clean mask (x₀-parameterization): the network's output is the logit of
/// p̂ = P(m = 1 | l_t, x), trained with a lesion-weighted binary cross-entropy.
///  - Gaussian: l_t = √ᾱ_t (2m − 1) + √(1−ᾱ_t) ε; loss = wBCE(p̂, m).
///  - Bernoulli: l_t ~ B(ᾱ_t m + (1 − ᾱ_t)/2) (BernoulliDiffusion), seen as ±1; loss =
///    wBCE(p̂, m) + KL(q(l_{t−1} | l_t, m) ‖ q(l_{t−1} | l_t, p̂)) (BerDiff).
/// Batches need lesion masks (healthy slices bring an empty one). AdamW, EMA, checkpoints and
/// determinism come from ModelTrainer.
class MaskDiffusionTrainer final : public ModelTrainer {
 public:
  enum class Kind { Gaussian, Bernoulli };

  /// Throws InvalidArgument for a config that is not a 2-in, 1-out unconditional UNet.
  MaskDiffusionTrainer(const UNetConfig& config, const NoiseSchedule& schedule,
                       TrainingOptions options, Kind kind);
  ~MaskDiffusionTrainer() override;

  std::shared_ptr<UNetImpl> emaModel() const { return m_ema; }
  /// "segmenter" (Gaussian) or "bernoulli_segmenter": the bundle entry and checkpoint kind.
  static const char* slotOf(Kind kind);

  /// Lesion pixels are ≈ 2 % of a slice, and at low t the noisy mask alone gives the answer: an
  /// unweighted loss was minimised by a model that ignored the image (held-out AP at chance after
  /// 1200 steps, measured). Their cross-entropy counts this many times.
  static constexpr double kLesionWeight = 10.0;

 private:
  torch::Tensor loss(const TrainingBatch& batch) override;
  torch::Tensor gaussianLoss(const torch::Tensor& image, const torch::Tensor& lesion);
  torch::Tensor bernoulliLoss(const torch::Tensor& image, const torch::Tensor& lesion);
  static torch::Tensor weightedCrossEntropy(const torch::Tensor& logits,
                                            const torch::Tensor& lesion);

  std::shared_ptr<UNetImpl> m_model;
  std::shared_ptr<UNetImpl> m_ema;
  Kind m_kind;
  BernoulliDiffusion m_bernoulli;
};

}  // namespace anomadiff::engine
