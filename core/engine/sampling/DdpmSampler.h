#pragma once

#include "engine/sampling/Sampler.h"

namespace anomadiff::engine {

/// Ancestral DDPM step, seed Eq. 5 with
/// σ_t = √((1−ᾱ_prev)/(1−ᾱ_t)) √(1−ᾱ_t/ᾱ_prev), which holds for respaced steps too.
/// Classifier guidance shifts the mean by s σ_t² ∇ log C.
class DdpmSampler final : public Sampler {
 public:
  SamplerStep step(const GuidedModel& model, const torch::Tensor& x, int t, int previous,
                   torch::Generator& generator) const override;
  static double sigma(double alphaBar, double alphaBarPrevious);
};

}  // namespace anomadiff::engine
