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

torch::Tensor DdpmSampler::step(const GuidedModel& model, const torch::Tensor& x, int t,
                                int previous, torch::Generator& generator) const {
  const auto& schedule = model.schedule();
  const double alphaBar = schedule.alphaBar(t);
  const double alphaBarPrevious = alphaBarAt(schedule, previous);
  const double noiseScale = sigma(alphaBar, alphaBarPrevious);
  const auto epsilon = model.noise(x, t);
  const auto clean = predictCleanImage(x, epsilon, alphaBar);
  auto mean = std::sqrt(alphaBarPrevious) * clean +
              std::sqrt(std::max(1.0 - alphaBarPrevious - noiseScale * noiseScale, 0.0)) * epsilon;
  mean = model.shiftMean(mean, x, t, noiseScale * noiseScale);
  if (previous < 0) return mean;  // σ = 0 on the last step: the clean image has no noise
  return mean + noiseScale * torch::randn(x.sizes(), generator, x.options());
}

}  // namespace anomadiff::engine
