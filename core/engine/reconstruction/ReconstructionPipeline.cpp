#include "engine/reconstruction/ReconstructionPipeline.h"

#include "common/Error.h"
#include "common/StageProgress.h"
#include "engine/sampling/DenoisingLoop.h"
#include "engine/sampling/EnsembleBatch.h"
#include "engine/sampling/SamplerRegistry.h"
#include "engine/schedule/NoiseGenerator.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <algorithm>

namespace anomadiff::engine {

ReconstructionPipeline::ReconstructionPipeline(const GuidedModel& model,
                                               ReconstructionOptions options)
    : m_model(model),
      m_options(options),
      m_timesteps(model.schedule().respacedTimesteps(options.level, options.steps)) {
  if (options.ensemble < 1) {
    throw InvalidArgument("ensemble size N=" + std::to_string(options.ensemble) + " must be >= 1");
  }
  if (options.levelSpread < 0) {
    throw InvalidArgument("level spread " + std::to_string(options.levelSpread) + " must be >= 0");
  }
  if (options.levelSpread > 0 && options.encoder != ReconstructionOptions::Encoder::ForwardNoise) {
    throw InvalidArgument(
        "a level spread needs forward-noise encoding (DDIM encoding gives "
        "every member the same x_L)");
  }
  // Throws when the top level is not below T, as for L itself.
  if (options.levelSpread > 0) model.schedule().respacedTimesteps(topLevel(), options.steps);
}

int ReconstructionPipeline::topLevel() const {
  return m_options.level + m_options.levelSpread;
}

std::vector<ReconstructionOptions> ReconstructionPipeline::levelGroups() const {
  const int groups = m_options.levelSpread > 0 ? std::min(kLevelGroups, m_options.ensemble) : 1;
  std::vector<ReconstructionOptions> result;
  for (int g = 0; g < groups; ++g) {
    ReconstructionOptions group = m_options;
    group.levelSpread = 0;
    group.level = m_options.level + (groups > 1 ? m_options.levelSpread * g / (groups - 1) : 0);
    group.ensemble = m_options.ensemble / groups + (g < m_options.ensemble % groups ? 1 : 0);
    result.push_back(group);
  }
  return result;
}

int ReconstructionPipeline::totalSteps() const {
  if (m_options.levelSpread > 0) {
    int total = 0;
    for (const auto& group : levelGroups())
      total += ReconstructionPipeline(m_model, group).totalSteps();
    return total;
  }
  const int encodeSteps = m_options.encoder == ReconstructionOptions::Encoder::Ddim
                              ? static_cast<int>(m_timesteps.size()) - 1
                              : 0;
  return encodeSteps + static_cast<int>(m_timesteps.size());
}

torch::Tensor ReconstructionPipeline::encode(const torch::Tensor& clean,
                                             torch::Generator& generator, ProgressSink& progress,
                                             const CancelToken& cancel) const {
  if (cancel.isCancelled()) throw Cancelled();
  const auto& schedule = m_model.schedule();
  if (m_options.encoder == ReconstructionOptions::Encoder::ForwardNoise) {
    // Eq. 2: x_L = √ᾱ_L x_0 + √(1−ᾱ_L) ε in one draw.
    const auto noise = NoiseGenerator(m_options.noise).sample(clean.sizes(), generator);
    return NoiseGenerator::addNoise(clean, noise, schedule.alphaBar(m_options.level));
  }
  // Eq. 6, DDIM encoding: walk the respaced steps upwards with the unconditional model. The input
  // stands at the lowest visited level (t = 0, ᾱ_0 = 1 − β_0 ≈ 1), as in the reference ODE.
  const DenoisingLoop loop(
      [this, &schedule](const torch::Tensor& x, int from, int to) {
        SamplerStep step;
        step.epsilon = m_model.unconditionalNoise(x, from);
        step.clean = predictCleanImage(x, step.epsilon, schedule.alphaBar(from));
        step.next = renoise(step.clean, step.epsilon, schedule.alphaBar(to));
        return step;
      },
      {}, m_observer);
  DenoisingLoop::Progress steps{progress, cancel, "encode", 0, totalSteps()};
  return loop.run(clean, {m_timesteps.rbegin(), m_timesteps.rend()}, steps);
}

torch::Tensor ReconstructionPipeline::decode(const torch::Tensor& noisy,
                                             torch::Generator& generator, ProgressSink& progress,
                                             const CancelToken& cancel) const {
  const auto sampler = SamplerRegistry::create(m_options.sampler);
  const DenoisingLoop loop(DenoisingLoop::samplerStep(*sampler, m_model, generator), {},
                           m_observer);
  DenoisingLoop::Progress steps{progress, cancel, "denoise",
                                totalSteps() - static_cast<int>(m_timesteps.size()), totalSteps()};
  return loop.run(noisy, decodingPath(), steps);
}

std::vector<int> ReconstructionPipeline::decodingPath() const {
  return DenoisingLoop::pathToClean(m_timesteps);
}

Reconstruction ReconstructionPipeline::run(const torch::Tensor& clean, ProgressSink& progress,
                                           const CancelToken& cancel) const {
  if (clean.dim() != 4) throw InvalidArgument("reconstruction input must be [B, C, H, W]");
  const std::int64_t members = m_options.ensemble;
  torch::Generator generator = at::detail::createCPUGenerator(m_options.seed);
  if (m_options.levelSpread > 0) return runLevelGroups(clean, generator, progress, cancel);
  // One model call per step for the whole ensemble. DDIM encoding gives every member the same
  // x_L, so it runs once per input and is copied afterwards (N times fewer encoder calls).
  const auto noisy =
      m_options.encoder == ReconstructionOptions::Encoder::Ddim
          ? EnsembleBatch::expand(encodeDeterministic(clean, generator, progress, cancel), members)
          : encode(EnsembleBatch::expand(clean, members), generator, progress, cancel);
  return EnsembleBatch::summarize(decode(noisy, generator, progress, cancel), members);
}

Reconstruction ReconstructionPipeline::runLevelGroups(const torch::Tensor& clean,
                                                      torch::Generator& generator,
                                                      ProgressSink& progress,
                                                      const CancelToken& cancel) const {
  // Each group is a batch of its own (its own respaced path); the members keep the order of
  // the groups, so summarize() sees the usual [N · B] layout.
  std::vector<torch::Tensor> members;
  int before = 0;
  const int total = totalSteps();
  for (const auto& options : levelGroups()) {
    ReconstructionPipeline group(m_model, options);
    group.setObserver(m_observer);
    StageProgress groupProgress(progress, before, total);
    const auto noisy = group.encode(EnsembleBatch::expand(clean, options.ensemble), generator,
                                    groupProgress, cancel);
    members.push_back(group.decode(noisy, generator, groupProgress, cancel));
    before += group.totalSteps();
  }
  return EnsembleBatch::summarize(torch::cat(members, 0), m_options.ensemble);
}

torch::Tensor ReconstructionPipeline::encodeDeterministic(const torch::Tensor& clean,
                                                          torch::Generator& generator,
                                                          ProgressSink& progress,
                                                          const CancelToken& cancel) const {
  if (m_encodeCache == nullptr) return encode(clean, generator, progress, cancel);
  const auto key = EncodeCache::keyOf(clean, m_timesteps);
  if (auto cached = m_encodeCache->find(key)) {
    const int encodeSteps = static_cast<int>(m_timesteps.size()) - 1;
    progress.progress(encodeSteps, totalSteps(), "encode (cached)");
    if (cancel.isCancelled()) throw Cancelled();
    return *cached;
  }
  auto encoded = encode(clean, generator, progress, cancel);
  m_encodeCache->store(key, encoded);
  return encoded;
}

}  // namespace anomadiff::engine
