#include "engine/sampling/DenoisingLoop.h"

#include "common/Error.h"

namespace anomadiff::engine {

DenoisingLoop::Step DenoisingLoop::samplerStep(const Sampler& sampler, const GuidedModel& model,
                                               torch::Generator& generator) {
  return [&sampler, &model, &generator](const torch::Tensor& x, int from, int to) {
    return sampler.step(model, x, from, to, generator);
  };
}

std::vector<int> DenoisingLoop::pathToClean(std::vector<int> timesteps) {
  timesteps.push_back(-1);
  return timesteps;
}

torch::Tensor DenoisingLoop::run(torch::Tensor x, const std::vector<int>& path,
                                 Progress& progress) const {
  for (std::size_t i = 0; i + 1 < path.size(); ++i) {
    SamplerStep step = m_step(x, path[i], path[i + 1]);
    if (m_adjust) m_adjust(step, path[i], path[i + 1]);
    x = std::move(step.next);
    if (m_observer) m_observer(progress.stage, path[i + 1], x);
    progress.sink.progress(++progress.done, progress.total, progress.stage);
    if (progress.cancel.isCancelled()) throw Cancelled();
  }
  return x;
}

}  // namespace anomadiff::engine
