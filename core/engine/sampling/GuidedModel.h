#pragma once

#include "engine/sampling/Denoiser.h"
#include "engine/schedule/NoiseSchedule.h"

#include <torch/types.h>

#include <optional>

namespace anomadiff::engine {

class ClassifierGuidance;

/// Classifier-free guidance (seed §2.3): ε = ε_∅ + w (ε_c − ε_∅); w = 1 is the plain
/// conditional model, w = 0 the unconditional one.
struct ClassifierFreeGuidance {
  std::int64_t label = 0;
  double weight = 1.0;
};

/// The denoiser as the samplers see it: ε(x_t, t) with classifier-free guidance folded in, and
/// the two places a noisy classifier can steer — the noise (DDIM) or the mean (DDPM).
class GuidedModel {
 public:
  GuidedModel(Denoiser& denoiser, const NoiseSchedule& schedule);

  void setClassifierFree(std::optional<ClassifierFreeGuidance> guidance) {
    m_classifierFree = guidance;
  }
  void setClassifierGuidance(const ClassifierGuidance* guidance) { m_classifier = guidance; }
  const NoiseSchedule& schedule() const { return m_schedule; }

  /// ε(x_t, t, ∅): the unconditional model, which DDIM encoding inverts.
  torch::Tensor unconditionalNoise(const torch::Tensor& x, int t) const;
  /// ε(x_t, t) with classifier-free guidance but without the classifier (DDPM's noise).
  torch::Tensor noise(const torch::Tensor& x, int t) const;
  /// ε̂ = ε − s √(1−ᾱ_t) ∇ log C(c|x_t, t): what DDIM and Heun steps use.
  torch::Tensor guidedNoise(const torch::Tensor& x, int t) const;
  /// μ + s Σ ∇ log C(c|x_t, t): the DDPM step's mean shift (variance Σ = σ_t²).
  torch::Tensor shiftMean(const torch::Tensor& mean, const torch::Tensor& x, int t,
                          double variance) const;

 private:
  torch::Tensor predict(const torch::Tensor& x, const torch::Tensor& timesteps,
                        std::int64_t label) const;

  Denoiser& m_denoiser;
  const NoiseSchedule& m_schedule;
  std::optional<ClassifierFreeGuidance> m_classifierFree;
  const ClassifierGuidance* m_classifier = nullptr;
};

}  // namespace anomadiff::engine
