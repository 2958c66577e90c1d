#pragma once

#include "engine/segmentation/BernoulliDiffusion.h"
#include "engine/segmentation/MaskSampling.h"

namespace anomadiff::engine {

/// `bernoulli`'s sampler (BerDiff; Wolleb et al. 2024's masking): from a fair-coin mask
/// l_{T−1} ~ B(½), K respaced steps: the network's output is the logit of p̂ = P(l_0 = 1 | l_t, x);
/// pixels with p̂ below the mask threshold are taken as healthy (p̂ := 0), so only high-score
/// regions are resampled; l_s ~ B(posterior(l_t, p̂, t, s)). The anomaly score is read straight
/// from the model's output: p̂ of the last step (t = 0), averaged over the members.
class BernoulliMaskSampler {
 public:
  /// `model` must outlive the sampler. Throws InvalidArgument for bad options.
  BernoulliMaskSampler(Denoiser& model, const NoiseSchedule& schedule, MaskSamplingOptions options);

  /// See MaskSampling::run.
  Reconstruction sample(const torch::Tensor& images, const torch::Tensor& brain,
                        ProgressSink& progress, const CancelToken& cancel) const;

 private:
  MaskSampling::Step step(const torch::Tensor& mask, const torch::Tensor& images, int t, int s,
                          torch::Generator& generator) const;

  Denoiser& m_model;
  BernoulliDiffusion m_diffusion;
  double m_maskThreshold;
  MaskSampling m_sampling;
};

}  // namespace anomadiff::engine
