#include "engine/sampling/GuidedModel.h"

#include "engine/sampling/ClassifierGuidance.h"

#include <torch/torch.h>

#include <cmath>

namespace anomadiff::engine {

GuidedModel::GuidedModel(Denoiser& denoiser, const NoiseSchedule& schedule)
    : m_denoiser(denoiser), m_schedule(schedule) {}

torch::Tensor GuidedModel::predict(const torch::Tensor& x, const torch::Tensor& timesteps,
                                   std::int64_t label) const {
  const auto labels = torch::full({x.size(0)}, label, torch::kInt64);
  return m_denoiser.predictNoise(x, timesteps, labels);
}

torch::Tensor GuidedModel::unconditionalNoise(const torch::Tensor& x, int t) const {
  const auto timesteps = torch::full({x.size(0)}, static_cast<std::int64_t>(t), torch::kInt64);
  return predict(x, timesteps, Denoiser::kNoClass);
}

torch::Tensor GuidedModel::noise(const torch::Tensor& x, int t) const {
  const auto timesteps = torch::full({x.size(0)}, static_cast<std::int64_t>(t), torch::kInt64);
  if (!m_classifierFree) return predict(x, timesteps, Denoiser::kNoClass);
  const auto& guidance = *m_classifierFree;
  if (guidance.weight == 1.0) return predict(x, timesteps, guidance.label);
  const auto unconditional = predict(x, timesteps, Denoiser::kNoClass);
  if (guidance.weight == 0.0) return unconditional;
  const auto conditional = predict(x, timesteps, guidance.label);
  return unconditional + guidance.weight * (conditional - unconditional);
}

torch::Tensor GuidedModel::guidedNoise(const torch::Tensor& x, int t) const {
  auto epsilon = noise(x, t);
  if (m_classifier == nullptr || m_classifier->scale() == 0.0) return epsilon;
  const double noiseScale = std::sqrt(1.0 - m_schedule.alphaBar(t));
  return epsilon - m_classifier->scale() * noiseScale * m_classifier->gradient(x, t);
}

torch::Tensor GuidedModel::shiftMean(const torch::Tensor& mean, const torch::Tensor& x, int t,
                                     double variance) const {
  if (m_classifier == nullptr || m_classifier->scale() == 0.0) return mean;
  return mean + m_classifier->scale() * variance * m_classifier->gradient(x, t);
}

}  // namespace anomadiff::engine
