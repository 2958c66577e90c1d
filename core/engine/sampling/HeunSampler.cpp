#include "engine/sampling/HeunSampler.h"

#include <torch/torch.h>

#include <cmath>

namespace anomadiff::engine {
namespace {

double noiseToSignal(double alphaBar) {
  return std::sqrt(1.0 / alphaBar - 1.0);
}

}  // namespace

SamplerStep HeunSampler::step(const GuidedModel& model, const torch::Tensor& x, int t, int previous,
                              torch::Generator&) const {
  const auto& schedule = model.schedule();
  const double alphaBar = schedule.alphaBar(t);
  const double alphaBarPrevious = alphaBarAt(schedule, previous);
  const double stepSize = noiseToSignal(alphaBarPrevious) - noiseToSignal(alphaBar);
  const auto scaled = x / std::sqrt(alphaBar);
  SamplerStep result;
  result.epsilon = model.guidedNoise(x, t);
  result.clean = predictCleanImage(x, result.epsilon, alphaBar);
  auto eulerScaled = scaled + stepSize * result.epsilon;
  if (previous < 0) {
    result.next = eulerScaled;
    return result;
  }
  const auto slopeAtEnd = model.guidedNoise(eulerScaled * std::sqrt(alphaBarPrevious), previous);
  result.next =
      (scaled + stepSize * 0.5 * (result.epsilon + slopeAtEnd)) * std::sqrt(alphaBarPrevious);
  return result;
}

}  // namespace anomadiff::engine
