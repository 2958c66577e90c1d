#include "engine/reconstruction/HarmonizedReconstruction.h"

#include "common/Error.h"
#include "engine/reconstruction/TensorSmoothing.h"
#include "engine/sampling/DdimSampler.h"
#include "engine/sampling/DenoisingLoop.h"
#include "engine/sampling/EnsembleBatch.h"

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
  const auto noisy = m_pipeline.encode(input, generator, progress, cancel);
  const auto& schedule = m_model.schedule();
  // A DDIM step whose x̂₀ is first pulled back to the input where the intermediate map is low.
  const DdimSampler ddim;
  const DenoisingLoop loop(
      DenoisingLoop::samplerStep(ddim, m_model, generator), [&](SamplerStep& step, int, int to) {
        const auto weight = harmonizationWeight(step.clean, input, brain);
        const auto harmonized = weight * step.clean + (1.0 - weight) * input;
        step.next = renoise(harmonized, step.epsilon, alphaBarAt(schedule, to));
      });
  const auto path = m_pipeline.decodingPath();
  DenoisingLoop::Progress steps{progress, cancel, "denoise", 0, static_cast<int>(path.size()) - 1};
  const auto x = loop.run(noisy, path, steps);
  return EnsembleBatch::summarize(x, members);
}

}  // namespace anomadiff::engine
