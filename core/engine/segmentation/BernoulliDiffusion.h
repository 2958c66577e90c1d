#pragma once

#include "engine/schedule/NoiseSchedule.h"

#include <torch/types.h>

#include <vector>

namespace anomadiff::engine {

/// Bernoulli diffusion on binary images (BerDiff, Chen et al. 2023; Wolleb et al. 2024): the
/// forward kernel keeps a bit with probability 1 − β_t and otherwise replaces it by a fair coin,
///   q(x_t | x_{t−1}) = B(x_t; (1 − β_t) x_{t−1} + β_t / 2),
/// so after t steps q(x_t | x_0) = B(x_t; ᾱ_t x_0 + (1 − ᾱ_t) / 2) with the same ᾱ_t = Π(1 − β_i)
/// as the Gaussian schedule, and a bit has flipped with probability (1 − ᾱ_t) / 2. The reverse
/// step between any two levels s < t uses the posterior of the composite kernel
/// (k = ᾱ_t / ᾱ_s): q(x_s | x_t, x_0) = B(x_s; θ) with
///   θ ∝ [k x_t + (1 − k)/2] · [ᾱ_s x_0 + (1 − ᾱ_s)/2],
/// normalized against the same product for x_s = 0. Derivation: docs/ARCHITECTURE.md §5.5.
/// x_0 may be a probability (the model's prediction): as in BerDiff it then stands in for x_0
/// in the prior factor (a plug-in estimate of the reverse step).
class BernoulliDiffusion {
 public:
  explicit BernoulliDiffusion(const NoiseSchedule& schedule);

  int steps() const { return static_cast<int>(m_alphaBars.size()); }
  /// ᾱ_t, with t = −1 the clean image (1).
  double keep(int t) const;
  /// (1 − ᾱ_t) / 2: the probability that a bit differs from x_0 after t steps.
  double flipProbability(int t) const { return (1.0 - keep(t)) / 2.0; }

  /// P(x_t = 1 | x_0) per element for one level t.
  torch::Tensor marginal(const torch::Tensor& x0, int t) const;
  /// The same with one level per batch row (`timesteps` [B] int64).
  torch::Tensor marginal(const torch::Tensor& x0, const torch::Tensor& timesteps) const;
  /// P(x_s = 1 | x_t, x_0) for s < t (s = −1: the clean image, where the answer is x_0).
  torch::Tensor posterior(const torch::Tensor& xt, const torch::Tensor& x0, int t, int s) const;
  /// The same for a per-row level t and s = t − 1 (training's KL term).
  torch::Tensor posterior(const torch::Tensor& xt, const torch::Tensor& x0,
                          const torch::Tensor& timesteps) const;

 private:
  static torch::Tensor posteriorOf(const torch::Tensor& xt, const torch::Tensor& x0,
                                   const torch::Tensor& stepKeep, const torch::Tensor& priorKeep);
  torch::Tensor rowValues(const std::vector<double>& values, const torch::Tensor& rows,
                          const torch::Tensor& like) const;

  std::vector<double> m_alphaBars;
};

}  // namespace anomadiff::engine
