#include "engine/reconstruction/HarmonizedReconstruction.h"

#include "common/Error.h"
#include "engine/reconstruction/TensorSmoothing.h"
#include "engine/sampling/EnsembleBatch.h"
#include "engine/sampling/Sampler.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <cmath>

namespace anomadiff::engine {

HarmonizedReconstruction::HarmonizedReconstruction(const GuidedModel& model,
                                                   ReconstructionOptions options, double smoothing)
    : m_model(model),
      m_options(options.withForwardNoiseDdim()),
      m_pipeline(model, m_options),
      m_smoothing(smoothing) {
  if (!std::isfinite(smoothing) || smoothing < 0.0) {
    throw InvalidArgument("smoothing sigma " + std::to_string(smoothing) +
                          " must be a finite number >= 0");
  }
}

torch::Tensor HarmonizedReconstruction::harmonizationWeight(const torch::Tensor& predicted,
                                                            const torch::Tensor& clean,
                                                            const torch::Tensor& masks) const {
  const auto residual = TensorSmoothing::gaussian((predicted - clean).abs(), m_smoothing) * masks;
  const auto peak = std::get<0>(residual.flatten(1).max(1)).clamp_min(1e-6);
  return (residual / peak.view({-1, 1, 1, 1})).clamp(0.0, 1.0);
}

Reconstruction HarmonizedReconstruction::run(const torch::Tensor& clean, const torch::Tensor& masks,
                                             ProgressSink& progress,
                                             const CancelToken& cancel) const {
  if (clean.dim() != 4 || masks.sizes() != clean.sizes()) {
    throw InvalidArgument("harmonized reconstruction needs images and masks of one [B, 1, H, W]");
  }
  const std::int64_t members = m_options.ensemble;
  const auto input = EnsembleBatch::expand(clean, members);
  const auto brain = EnsembleBatch::expand(masks, members);
  torch::Generator generator = at::detail::createCPUGenerator(m_options.seed);
  auto x = m_pipeline.encode(input, generator, progress, cancel);
  const auto& schedule = m_model.schedule();
  const auto& timesteps = m_pipeline.timesteps();
  const int total = static_cast<int>(timesteps.size());
  for (int i = 0; i < total; ++i) {
    const int t = timesteps[i];
    const int previous = i + 1 < total ? timesteps[i + 1] : -1;
    const auto epsilon = m_model.guidedNoise(x, t);
    const auto predicted = predictCleanImage(x, epsilon, schedule.alphaBar(t));
    const auto weight = harmonizationWeight(predicted, input, brain);
    const auto harmonized = weight * predicted + (1.0 - weight) * input;
    const double alphaBar = alphaBarAt(schedule, previous);
    x = std::sqrt(alphaBar) * harmonized + std::sqrt(1.0 - alphaBar) * epsilon;
    progress.progress(i + 1, total, "denoise");
    if (cancel.isCancelled()) throw Cancelled();
  }
  return EnsembleBatch::summarize(x, members);
}

}  // namespace anomadiff::engine
