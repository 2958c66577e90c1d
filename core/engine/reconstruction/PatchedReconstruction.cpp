#include "engine/reconstruction/PatchedReconstruction.h"

#include "common/Error.h"
#include "common/StageProgress.h"
#include "engine/sampling/EnsembleBatch.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

namespace anomadiff::engine {
namespace {

using torch::indexing::Slice;

std::vector<int> checkedTimesteps(const GuidedModel& model, const ReconstructionOptions& options) {
  if (options.ensemble < 1) {
    throw InvalidArgument("ensemble size N=" + std::to_string(options.ensemble) + " must be >= 1");
  }
  return model.schedule().respacedTimesteps(options.level, options.steps);
}

}  // namespace

PatchedReconstruction::PatchedReconstruction(const GuidedModel& model,
                                             ReconstructionOptions options, int patch, int stride)
    : m_model(model),
      m_options(options),
      m_patch(patch),
      m_stride(stride),
      m_decoder(model, checkedTimesteps(model, options), NoiseGenerator(options.noise)) {
  if (patch < 4) throw InvalidArgument("patch size " + std::to_string(patch) + " must be >= 4");
  if (stride < 1 || stride > patch) {
    throw InvalidArgument("patch stride " + std::to_string(stride) + " must be in 1.." +
                          std::to_string(patch));
  }
}

std::vector<std::int64_t> PatchedReconstruction::corners(std::int64_t extent) const {
  std::vector<std::int64_t> result;
  for (std::int64_t start = 0; start + m_patch < extent; start += m_stride) result.push_back(start);
  result.push_back(extent - m_patch);
  return result;
}

Reconstruction PatchedReconstruction::run(const torch::Tensor& clean, ProgressSink& progress,
                                          const CancelToken& cancel) const {
  if (clean.dim() != 4) throw InvalidArgument("reconstruction input must be [B, C, H, W]");
  if (m_patch > clean.size(2) || m_patch > clean.size(3)) {
    throw InvalidArgument("patch size " + std::to_string(m_patch) + " exceeds the " +
                          std::to_string(clean.size(2)) + " px model grid");
  }
  const std::int64_t members = m_options.ensemble;
  const auto input = EnsembleBatch::expand(clean, members);
  const auto rows = corners(clean.size(2)), columns = corners(clean.size(3));
  const int patches = static_cast<int>(rows.size() * columns.size());
  auto sum = torch::zeros_like(input), coverage = torch::zeros_like(input);
  torch::Generator generator = at::detail::createCPUGenerator(m_options.seed);
  int done = 0;
  for (const auto top : rows) {
    for (const auto left : columns) {
      auto region = torch::zeros_like(input);
      region.index_put_({Slice(), Slice(), Slice(top, top + m_patch), Slice(left, left + m_patch)},
                        1.0);
      StageProgress stage(progress, done * m_decoder.steps(), patches * m_decoder.steps());
      const auto filled = m_decoder.run(input, input, region, generator, stage, cancel);
      sum += filled * region;
      coverage += region;
      ++done;
    }
  }
  return EnsembleBatch::summarize(sum / coverage, members);
}

}  // namespace anomadiff::engine
