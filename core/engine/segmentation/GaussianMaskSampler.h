#pragma once

#include "engine/segmentation/MaskSampling.h"

namespace anomadiff::engine {

/// `diffseg`'s sampler (seed §5.1): a Gaussian diffusion over the mask l ∈ [−1, 1] conditioned on
/// the image, x₀-parameterized. From l_{T−1} ~ N(0, I), K deterministic DDIM steps: the model
/// gives the logit of p̂ = P(lesion | l_t, x), l̂_0 = 2p̂ − 1, ε̂ = (l_t − √ᾱ_t l̂_0)/√(1−ᾱ_t),
/// l_s = √ᾱ_s l̂_0 + √(1−ᾱ_s) ε̂. The members differ by their starting noise; the map is the
/// last step's p̂.
class GaussianMaskSampler {
 public:
  /// `model` must outlive the sampler. Throws InvalidArgument for bad options.
  GaussianMaskSampler(Denoiser& model, const NoiseSchedule& schedule, MaskSamplingOptions options);

  /// See MaskSampling::run.
  Reconstruction sample(const torch::Tensor& images, const torch::Tensor& brain,
                        ProgressSink& progress, const CancelToken& cancel) const;

 private:
  MaskSampling::Step step(const torch::Tensor& mask, const torch::Tensor& images, int t,
                          int s) const;

  Denoiser& m_model;
  const NoiseSchedule& m_schedule;
  MaskSampling m_sampling;
};

}  // namespace anomadiff::engine
