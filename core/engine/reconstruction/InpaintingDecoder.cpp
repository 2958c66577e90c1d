#include "engine/reconstruction/InpaintingDecoder.h"

#include "common/Error.h"
#include "engine/sampling/Sampler.h"
#include "engine/schedule/NoiseGenerator.h"

#include <torch/torch.h>

namespace anomadiff::engine {

InpaintingDecoder::InpaintingDecoder(const GuidedModel& model, std::vector<int> timesteps)
    : m_model(model), m_timesteps(std::move(timesteps)) {
  if (m_timesteps.empty()) throw InvalidArgument("inpainting needs at least one timestep");
}

torch::Tensor InpaintingDecoder::run(const torch::Tensor& start, const torch::Tensor& known,
                                     const torch::Tensor& regenerate, torch::Generator& generator,
                                     ProgressSink& progress, const CancelToken& cancel) const {
  const auto& schedule = m_model.schedule();
  const NoiseGenerator gaussian;
  auto x = NoiseGenerator::addNoise(start, gaussian.sample(start.sizes(), generator),
                                    schedule.alphaBar(m_timesteps.front()));
  const auto sampler = Sampler::create(Sampler::Kind::Ddim);
  const int total = steps();
  for (int i = 0; i < total; ++i) {
    const int t = m_timesteps[i];
    const int previous = i + 1 < total ? m_timesteps[i + 1] : -1;
    const auto generated = sampler->step(m_model, x, t, previous, generator);
    // The known region at the same level comes from the input, not from the model.
    const auto knownNoisy =
        previous < 0 ? known
                     : NoiseGenerator::addNoise(known, gaussian.sample(known.sizes(), generator),
                                                schedule.alphaBar(previous));
    x = regenerate * generated + (1.0 - regenerate) * knownNoisy;
    progress.progress(i + 1, total, "inpaint");
    if (cancel.isCancelled()) throw Cancelled();
  }
  return x;
}

}  // namespace anomadiff::engine
