#include "engine/sampling/DdpmSampler.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace anomadiff::engine {

double DdpmSampler::sigma(double alphaBar, double alphaBarPrevious) {
  const double variance =
      (1.0 - alphaBarPrevious) / (1.0 - alphaBar) * (1.0 - alphaBar / alphaBarPrevious);
  return std::sqrt(std::max(variance, 0.0));
}

SamplerStep DdpmSampler::step(const GuidedModel& model, const torch::Tensor& x, int t, int previous,
                              torch::Generator& generator) const {
  const auto& schedule = model.schedule();
  const double alphaBar = schedule.alphaBar(t);
  const double alphaBarPrevious = alphaBarAt(schedule, previous);
  const double noiseScale = sigma(alphaBar, alphaBarPrevious);
  SamplerStep result;
  result.epsilon = model.noise(x, t);
  result.clean = predictCleanImage(x, result.epsilon, alphaBar);
  auto mean =
      std::sqrt(alphaBarPrevious) * result.clean +
      std::sqrt(std::max(1.0 - alphaBarPrevious - noiseScale * noiseScale, 0.0)) * result.epsilon;
  mean = model.shiftMean(mean, x, t, noiseScale * noiseScale);
  // σ = 0 on the last step: the clean image has no noise.
  result.next =
      previous < 0 ? mean : mean + noiseScale * torch::randn(x.sizes(), generator, x.options());
  return result;
}

}  // namespace anomadiff::engine
