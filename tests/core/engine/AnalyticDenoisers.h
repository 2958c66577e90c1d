#pragma once
// Denoisers and classifiers whose optimal answers are known in closed form, for testing the
// engine against mathematics instead of against itself.
//
// For data x_0 ~ Σ_k π_k N(m_k, σ²) per pixel, x_t = √ᾱ x_0 + √(1−ᾱ) ε has the marginal
// Σ_k π_k N(√ᾱ m_k, v) with v = ᾱσ² + 1 − ᾱ. The optimal ε-predictor is
// E[ε | x_t] = −√(1−ᾱ) ∇ log q(x_t) = √(1−ᾱ) Σ_k r_k (x_t − √ᾱ m_k) / v,
// with r_k the posterior responsibilities, and the Bayes classifier has logits
// log π_k − (x_t − √ᾱ m_k)² / (2v) (summed over pixels).

#include "engine/sampling/Denoiser.h"
#include "engine/schedule/NoiseSchedule.h"

#include <torch/torch.h>

#include <cmath>
#include <vector>

namespace anomadiff::test {

class GaussianMixtureModel {
 public:
  GaussianMixtureModel(const engine::NoiseSchedule& schedule, std::vector<double> means,
                       double sigma)
      : m_schedule(schedule), m_means(std::move(means)), m_sigma(sigma) {}

  /// logits [B, K] of x at timestep t (equal priors).
  torch::Tensor logits(const torch::Tensor& x, const torch::Tensor& timesteps) const {
    std::vector<torch::Tensor> columns;
    const auto [rootAlpha, variance] = levels(timesteps, x.dim());
    for (double mean : m_means) {
      columns.push_back((-(x - rootAlpha * mean).pow(2) / (2 * variance)).flatten(1).sum(1));
    }
    return torch::stack(columns, 1);
  }

  /// E[ε | x_t] for the whole mixture (component < 0) or one component.
  torch::Tensor optimalNoise(const torch::Tensor& x, const torch::Tensor& timesteps,
                             std::int64_t component) const {
    const auto [rootAlpha, variance] = levels(timesteps, x.dim());
    const double rootOneMinus = std::sqrt(1 - rootAlpha * rootAlpha);
    if (component >= 0) return rootOneMinus * (x - rootAlpha * m_means[component]) / variance;
    // Per-pixel responsibilities (each pixel is its own sample of the mixture).
    std::vector<torch::Tensor> logDensities;
    for (double mean : m_means)
      logDensities.push_back(-(x - rootAlpha * mean).pow(2) / (2 * variance));
    const auto responsibilities = torch::softmax(torch::stack(logDensities, 0), 0);
    auto weightedResidual = torch::zeros_like(x);
    for (std::size_t k = 0; k < m_means.size(); ++k) {
      weightedResidual += responsibilities[k] * (x - rootAlpha * m_means[k]);
    }
    return rootOneMinus * weightedResidual / variance;
  }

 private:
  /// √ᾱ_t and v at the batch's timestep (the engine calls with one t per batch).
  std::pair<double, double> levels(const torch::Tensor& timesteps, int64_t) const {
    const double alphaBar = m_schedule.alphaBar(static_cast<int>(timesteps[0].item<int64_t>()));
    return {std::sqrt(alphaBar), alphaBar * m_sigma * m_sigma + 1 - alphaBar};
  }

  const engine::NoiseSchedule& m_schedule;
  std::vector<double> m_means;
  double m_sigma;
};

/// ε(x_t, t, class): class k is component k; kNoClass is the whole mixture.
class AnalyticDenoiser final : public engine::Denoiser {
 public:
  explicit AnalyticDenoiser(const GaussianMixtureModel& model) : m_model(model) {}
  torch::Tensor predictNoise(const torch::Tensor& x, const torch::Tensor& timesteps,
                             const torch::Tensor& labels) override {
    ++m_calls;
    return m_model.optimalNoise(x, timesteps, labels[0].item<std::int64_t>());
  }
  bool isClassConditional() const override { return true; }
  int calls() const { return m_calls; }

 private:
  const GaussianMixtureModel& m_model;
  int m_calls = 0;
};

class AnalyticClassifier final : public engine::NoisyClassifier {
 public:
  explicit AnalyticClassifier(const GaussianMixtureModel& model) : m_model(model) {}
  torch::Tensor logits(const torch::Tensor& x, const torch::Tensor& timesteps) override {
    return m_model.logits(x, timesteps);
  }

 private:
  const GaussianMixtureModel& m_model;
};

}  // namespace anomadiff::test
