#pragma once

#include "engine/sampling/Denoiser.h"

#include <torch/types.h>

namespace anomadiff::engine {

/// Gradient guidance by a noisy classifier (Dhariwal & Nichol; Wolleb et al.): steers sampling
/// towards `targetClass` ("healthy") with scale s.
class ClassifierGuidance {
 public:
  ClassifierGuidance(NoisyClassifier& classifier, std::int64_t targetClass, double scale);

  double scale() const { return m_scale; }
  /// ∇_x log softmax(C(x_t, t))[target], same shape as x. Runs with gradients enabled even when
  /// the caller is in inference mode.
  torch::Tensor gradient(const torch::Tensor& x, int t) const;

 private:
  NoisyClassifier& m_classifier;
  std::int64_t m_targetClass;
  double m_scale;
};

}  // namespace anomadiff::engine
