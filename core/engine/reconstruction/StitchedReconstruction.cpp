#include "engine/reconstruction/StitchedReconstruction.h"

#include "common/Error.h"
#include "common/StageProgress.h"
#include "engine/reconstruction/TensorSmoothing.h"
#include "engine/sampling/EnsembleBatch.h"
#include "engine/sampling/Sampler.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace anomadiff::engine {
namespace {

StitchingOptions checked(StitchingOptions stitching, int level) {
  if (stitching.resampleLevel < 1 || stitching.resampleLevel > level) {
    throw InvalidArgument("re-sampling level L2=" + std::to_string(stitching.resampleLevel) +
                          " must be in 1..L=" + std::to_string(level));
  }
  if (!(stitching.maskQuantile > 0.0 && stitching.maskQuantile < 1.0)) {
    throw InvalidArgument("mask quantile " + std::to_string(stitching.maskQuantile) +
                          " must be in (0, 1)");
  }
  if (stitching.dilation < 0 || !(stitching.smoothing >= 0.0)) {
    throw InvalidArgument("mask dilation and smoothing must be >= 0");
  }
  return stitching;
}

/// The second stage keeps the first stage's step density: K₂ = K·L₂/L, at least 2.
int resampleSteps(const ReconstructionOptions& options, int resampleLevel) {
  const int proportional = static_cast<int>(
      std::lround(static_cast<double>(options.steps) * resampleLevel / options.level));
  return std::clamp(proportional, 2, resampleLevel + 1);
}

}  // namespace

StitchedReconstruction::StitchedReconstruction(const GuidedModel& model,
                                               ReconstructionOptions options,
                                               StitchingOptions stitching)
    : m_model(model),
      m_options(options.withForwardNoiseDdim()),
      m_stitching(checked(stitching, options.level)),
      m_first(model, m_options),
      m_resample(model,
                 model.schedule().respacedTimesteps(
                     stitching.resampleLevel, resampleSteps(options, stitching.resampleLevel)),
                 NoiseGenerator(options.noise)) {}

torch::Tensor StitchedReconstruction::anomalyMask(const torch::Tensor& clean,
                                                  const torch::Tensor& reconstruction,
                                                  const torch::Tensor& masks) const {
  const auto map = TensorSmoothing::gaussian((clean - reconstruction).abs(), m_stitching.smoothing);
  auto selected = torch::zeros_like(map);
  for (std::int64_t i = 0; i < map.size(0); ++i) {
    const auto brain = masks[i] > 0.5;
    const auto values = map[i].masked_select(brain);
    if (values.numel() == 0) continue;
    const double threshold = torch::quantile(values, m_stitching.maskQuantile).item<double>();
    selected[i] = ((map[i] > threshold) & brain).to(map.dtype());
  }
  const int radius = m_stitching.dilation;
  if (radius == 0) return selected;
  namespace F = torch::nn::functional;
  return F::max_pool2d(selected,
                       F::MaxPool2dFuncOptions(2 * radius + 1).stride(1).padding(radius)) *
         (masks > 0.5).to(map.dtype());
}

Reconstruction StitchedReconstruction::run(const torch::Tensor& clean, const torch::Tensor& masks,
                                           ProgressSink& progress,
                                           const CancelToken& cancel) const {
  if (clean.dim() != 4 || masks.sizes() != clean.sizes()) {
    throw InvalidArgument("stitched reconstruction needs images and masks of one [B, 1, H, W]");
  }
  const int firstSteps = m_first.totalSteps();
  const int total = firstSteps + m_resample.steps();
  StageProgress firstStage(progress, 0, total);
  const auto first = m_first.run(clean, firstStage, cancel);
  const auto mask = anomalyMask(clean, first.mean, masks);
  const auto stitched = mask * first.mean + (1.0 - mask) * clean;

  const std::int64_t members = m_options.ensemble;
  torch::Generator generator = at::detail::createCPUGenerator(m_options.seed + 1);
  StageProgress secondStage(progress, firstSteps, total);
  const auto result = m_resample.run(
      EnsembleBatch::expand(stitched, members), EnsembleBatch::expand(clean, members),
      EnsembleBatch::expand(mask, members), generator, secondStage, cancel);
  return EnsembleBatch::summarize(result, members);
}

}  // namespace anomadiff::engine
