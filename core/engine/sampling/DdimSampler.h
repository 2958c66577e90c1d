#pragma once

#include "engine/sampling/Sampler.h"

namespace anomadiff::engine {

/// Deterministic DDIM step: seed Eq. 5 with σ_t = 0,
/// x_prev = √ᾱ_prev x̂_0 + √(1−ᾱ_prev) ε̂ (ε̂ includes classifier guidance).
class DdimSampler final : public Sampler {
 public:
  SamplerStep step(const GuidedModel& model, const torch::Tensor& x, int t, int previous,
                   torch::Generator& generator) const override;
  /// The same move for a given ε between two noise levels; DDIM encoding (Eq. 6) is this move
  /// towards a larger noise level.
  static torch::Tensor move(const torch::Tensor& x, const torch::Tensor& epsilon, double alphaBar,
                            double alphaBarTarget);
};

}  // namespace anomadiff::engine
