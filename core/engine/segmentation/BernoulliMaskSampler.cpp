#include "engine/segmentation/BernoulliMaskSampler.h"

#include <torch/torch.h>

namespace anomadiff::engine {

BernoulliMaskSampler::BernoulliMaskSampler(Denoiser& model, const NoiseSchedule& schedule,
                                           MaskSamplingOptions options)
    : m_model(model),
      m_diffusion(schedule),
      m_maskThreshold(options.maskThreshold),
      m_sampling(schedule, options) {}

Reconstruction BernoulliMaskSampler::sample(const torch::Tensor& images, const torch::Tensor& brain,
                                            ProgressSink& progress,
                                            const CancelToken& cancel) const {
  const auto start = [](at::IntArrayRef shape, torch::Generator& generator) {
    return torch::bernoulli(torch::full(shape, 0.5), generator);
  };
  const auto reverse = [this](const torch::Tensor& mask, const torch::Tensor& batchImages, int t,
                              int s, torch::Generator& generator) {
    return step(mask, batchImages, t, s, generator);
  };
  return m_sampling.run(images, brain, start, reverse, progress, cancel);
}

MaskSampling::Step BernoulliMaskSampler::step(const torch::Tensor& mask,
                                              const torch::Tensor& images, int t, int s,
                                              torch::Generator& generator) const {
  // The network sees bits as ±1, as in training.
  auto probability = torch::sigmoid(evaluateMaskModel(m_model, mask * 2.0 - 1.0, images, t));
  if (m_maskThreshold > 0.0) {
    probability =
        torch::where(probability < m_maskThreshold, torch::zeros_like(probability), probability);
  }
  if (s < 0) return {probability, probability};
  const auto posterior = m_diffusion.posterior(mask, probability, t, s);
  return {torch::bernoulli(posterior, generator), probability};
}

}  // namespace anomadiff::engine
