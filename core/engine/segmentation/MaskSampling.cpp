#include "engine/segmentation/MaskSampling.h"

#include "common/Error.h"
#include "engine/sampling/EnsembleBatch.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

namespace anomadiff::engine {

void MaskSamplingOptions::validate(int scheduleSteps) const {
  if (steps < 1 || steps > scheduleSteps) {
    throw InvalidArgument("mask sampling steps K = " + std::to_string(steps) + " is outside 1.." +
                          std::to_string(scheduleSteps));
  }
  if (members < 1) {
    throw InvalidArgument("mask ensemble N = " + std::to_string(members) + " is not >= 1");
  }
  if (!(maskThreshold >= 0.0 && maskThreshold < 1.0)) {
    throw InvalidArgument("mask threshold " + std::to_string(maskThreshold) + " is outside [0, 1)");
  }
}

MaskSampling::MaskSampling(const NoiseSchedule& schedule, MaskSamplingOptions options)
    : m_options(options) {
  m_options.validate(schedule.steps());
  m_timesteps = schedule.respacedTimesteps(schedule.steps() - 1, m_options.steps);
}

Reconstruction MaskSampling::run(const torch::Tensor& images, const torch::Tensor& brain,
                                 const Start& start, const StepFunction& step,
                                 ProgressSink& progress, const CancelToken& cancel) const {
  torch::Generator generator = at::detail::createCPUGenerator(m_options.seed);
  const auto batchImages = EnsembleBatch::expand(images, m_options.members);
  const auto batchBrain = EnsembleBatch::expand(brain, m_options.members).gt(0.5);
  auto current = start(batchImages.sizes(), generator);
  torch::Tensor probability;
  const int count = static_cast<int>(m_timesteps.size());
  for (int i = 0; i < count; ++i) {
    if (cancel.isCancelled()) throw Cancelled();
    const int t = m_timesteps[static_cast<std::size_t>(i)];
    const int s = i + 1 < count ? m_timesteps[static_cast<std::size_t>(i + 1)] : -1;
    auto result = step(current, batchImages, t, s, generator);
    current = std::move(result.next);
    probability = std::move(result.probability);
    progress.progress(i + 1, count, "segment");
  }
  // No lesion outside the brain: the mask is only ever asked inside it.
  probability =
      torch::where(batchBrain, probability.clamp(0.0, 1.0), torch::zeros_like(probability));
  return EnsembleBatch::summarize(probability, m_options.members);
}

torch::Tensor evaluateMaskModel(Denoiser& model, const torch::Tensor& mask,
                                const torch::Tensor& images, int t) {
  const auto timesteps = torch::full({mask.size(0)}, t, torch::kInt64);
  return model.predictNoise(torch::cat({mask, images}, 1), timesteps, torch::Tensor());
}

}  // namespace anomadiff::engine
