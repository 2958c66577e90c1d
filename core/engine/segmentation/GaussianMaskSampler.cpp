#include "engine/segmentation/GaussianMaskSampler.h"

#include "engine/sampling/Sampler.h"

#include <torch/torch.h>

#include <cmath>

namespace anomadiff::engine {

GaussianMaskSampler::GaussianMaskSampler(Denoiser& model, const NoiseSchedule& schedule,
                                         MaskSamplingOptions options)
    : m_model(model), m_schedule(schedule), m_sampling(schedule, options) {}

Reconstruction GaussianMaskSampler::sample(const torch::Tensor& images, const torch::Tensor& brain,
                                           ProgressSink& progress,
                                           const CancelToken& cancel) const {
  const auto start = [](at::IntArrayRef shape, torch::Generator& generator) {
    return torch::randn(shape, generator);
  };
  const auto reverse = [this](const torch::Tensor& mask, const torch::Tensor& batchImages, int t,
                              int s, torch::Generator&) { return step(mask, batchImages, t, s); };
  return m_sampling.run(images, brain, start, reverse, progress, cancel);
}

MaskSampling::Step GaussianMaskSampler::step(const torch::Tensor& mask, const torch::Tensor& images,
                                             int t, int s) const {
  const double alphaBar = alphaBarAt(m_schedule, t);
  const auto probability = torch::sigmoid(evaluateMaskModel(m_model, mask, images, t));
  const auto clean = probability * 2.0 - 1.0;
  // The noise that, with this clean mask, gives back l_t: DDIM's deterministic direction.
  const auto epsilon = (mask - std::sqrt(alphaBar) * clean) / std::sqrt(1.0 - alphaBar);
  const auto next = s < 0 ? clean : renoise(clean, epsilon, alphaBarAt(m_schedule, s));
  return {next, probability};
}

}  // namespace anomadiff::engine
