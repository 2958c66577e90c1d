#pragma once

#include "common/CancelToken.h"
#include "common/ProgressSink.h"
#include "engine/sampling/Sampler.h"

#include <functional>
#include <vector>

namespace anomadiff::engine {

/// The one loop that walks a path of timesteps — the respaced L, …, 0, -1 (clean) of a decoder,
/// or 0, …, L of a DDIM encoder — one step at a time. Every encoder and decoder of the engine
/// runs on it: ReconstructionPipeline (encode and decode), InpaintingDecoder (AutoDDPM's
/// re-sampling) and HarmonizedReconstruction (THOR). What differs is the step and what is done
/// with its result (`adjust`: keep the known region, harmonize x̂₀); progress, cancellation
/// and the observer are the same everywhere.
class DenoisingLoop {
 public:
  /// One move from timestep `from` to `to` (-1: the clean image).
  using Step = std::function<SamplerStep(const torch::Tensor& x, int from, int to)>;
  /// May replace `step.next` (it sees x̂₀ and ε̂ as the step computed them).
  using Adjust = std::function<void(SamplerStep& step, int from, int to)>;
  using Observer = std::function<void(const char* stage, int t, const torch::Tensor& x)>;

  /// Progress is reported as done/total under `stage`, counting from `done` (a job's bar can span
  /// an encoder and a decoder).
  struct Progress {
    ProgressSink& sink;
    const CancelToken& cancel;
    const char* stage;
    int done = 0;
    int total = 0;
  };

  DenoisingLoop(Step step, Adjust adjust = {}, Observer observer = {})
      : m_step(std::move(step)), m_adjust(std::move(adjust)), m_observer(std::move(observer)) {}

  /// A sampler's reverse steps, with the model it denoises with.
  static Step samplerStep(const Sampler& sampler, const GuidedModel& model,
                          torch::Generator& generator);

  /// A decoder's path: `timesteps` (descending, L … 0), then -1 for the clean image.
  static std::vector<int> pathToClean(std::vector<int> timesteps);

  /// Walks `path` from its first timestep; throws Cancelled after the step during which
  /// `progress.cancel` fired. Leaves `progress.done` at the steps done.
  torch::Tensor run(torch::Tensor x, const std::vector<int>& path, Progress& progress) const;

 private:
  Step m_step;
  Adjust m_adjust;
  Observer m_observer;
};

}  // namespace anomadiff::engine
