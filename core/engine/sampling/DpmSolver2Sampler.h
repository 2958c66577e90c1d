#pragma once

#include "engine/sampling/Sampler.h"

namespace anomadiff::engine {

/// DPM-Solver-2 (Lu et al. 2022, singlestep, second order) on the probability-flow ODE in
/// λ = log(√ᾱ / √(1−ᾱ)). From t to s with h = λ_s − λ_t and an intermediate timestep u
/// (r = (λ_u − λ_t) / h, the model's integer timestep nearest the midpoint r = ½):
///   x_u = (α_u/α_t) x_t − σ_u (e^{rh} − 1) ε̂(x_t, t)
///   x_s = (α_s/α_t) x_t − σ_s (e^h − 1) [(1 − 1/(2r)) ε̂(x_t, t) + 1/(2r) ε̂(x_u, u)]
/// Two model calls per step; a step with no timestep between t and s, and the last step into
/// the clean image (λ = ∞), are first-order (DDIM).
class DpmSolver2Sampler final : public Sampler {
 public:
  SamplerStep step(const GuidedModel& model, const torch::Tensor& x, int t, int previous,
                   torch::Generator& generator) const override;
};

}  // namespace anomadiff::engine
