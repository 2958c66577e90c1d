#include "engine/reconstruction/InpaintingDecoder.h"

#include "common/Error.h"
#include "engine/sampling/DdimSampler.h"
#include "engine/sampling/DenoisingLoop.h"
#include "engine/schedule/NoiseGenerator.h"

#include <torch/torch.h>

namespace anomadiff::engine {

InpaintingDecoder::InpaintingDecoder(const GuidedModel& model, std::vector<int> timesteps,
                                     NoiseGenerator noise)
    : m_model(model), m_timesteps(std::move(timesteps)), m_noise(noise) {
  if (m_timesteps.empty()) throw InvalidArgument("inpainting needs at least one timestep");
}

torch::Tensor InpaintingDecoder::run(const torch::Tensor& start, const torch::Tensor& known,
                                     const torch::Tensor& regenerate, torch::Generator& generator,
                                     ProgressSink& progress, const CancelToken& cancel) const {
  const auto& schedule = m_model.schedule();
  auto x = NoiseGenerator::addNoise(start, m_noise.sample(start.sizes(), generator),
                                    schedule.alphaBar(m_timesteps.front()));
  // DDIM steps; after each, the known region at the new level comes from the input, not from
  // the model.
  const DdimSampler ddim;
  const DenoisingLoop loop(
      DenoisingLoop::samplerStep(ddim, m_model, generator), [&](SamplerStep& step, int, int to) {
        const auto knownNoisy =
            to < 0 ? known
                   : NoiseGenerator::addNoise(known, m_noise.sample(known.sizes(), generator),
                                              schedule.alphaBar(to));
        step.next = regenerate * step.next + (1.0 - regenerate) * knownNoisy;
      });
  DenoisingLoop::Progress steps{progress, cancel, "inpaint", 0, this->steps()};
  x = loop.run(x, DenoisingLoop::pathToClean(m_timesteps), steps);
  return x;
}

}  // namespace anomadiff::engine
