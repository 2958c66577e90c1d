#pragma once

#include "engine/sampling/GuidedModel.h"

#include <torch/types.h>

namespace anomadiff::engine {

/// What one reverse step yields: the next, less noisy image and what the step saw on the way —
/// the clean image x̂₀ and the noise ε̂ its (first) model call implied. Implicit-guidance loops
/// (THOR) work on x̂₀ and ε̂ instead of predicting them again; previews show x̂₀.
struct SamplerStep {
  torch::Tensor next;
  torch::Tensor clean;
  torch::Tensor epsilon;
};

/// One reverse step x_t → x_prev between two (possibly respaced) timesteps. `previous` = -1
/// means the clean image (ᾱ = 1). DenoisingLoop calls it K times. Samplers are listed, by name,
/// in SamplerRegistry.
class Sampler {
 public:
  virtual ~Sampler() = default;
  virtual SamplerStep step(const GuidedModel& model, const torch::Tensor& x, int t, int previous,
                           torch::Generator& generator) const = 0;
};

/// ᾱ at a timestep, with -1 standing for the clean image.
double alphaBarAt(const NoiseSchedule& schedule, int t);

/// x̂_0 = (x_t − √(1−ᾱ_t) ε) / √ᾱ_t: the clean image the noise prediction implies.
torch::Tensor predictCleanImage(const torch::Tensor& x, const torch::Tensor& epsilon,
                                double alphaBar);

/// √ᾱ x̂_0 + √(1−ᾱ) ε: the deterministic (DDIM) image at noise level ᾱ with that x̂_0 and ε.
torch::Tensor renoise(const torch::Tensor& clean, const torch::Tensor& epsilon, double alphaBar);

}  // namespace anomadiff::engine
