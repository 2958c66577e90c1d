#pragma once

#include "engine/sampling/Sampler.h"

namespace anomadiff::engine {

/// Second-order (Heun) step of the DDIM ODE. In x̄ = x/√ᾱ and σ̄ = √(1/ᾱ − 1) the ODE is
/// dx̄/dσ̄ = ε̂(x, t), and DDIM is its Euler step; Heun averages the slopes at both ends
/// (two model calls per step, an Euler step into the clean image).
class HeunSampler final : public Sampler {
 public:
  SamplerStep step(const GuidedModel& model, const torch::Tensor& x, int t, int previous,
                   torch::Generator& generator) const override;
};

}  // namespace anomadiff::engine
