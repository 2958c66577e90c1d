#include "engine/sampling/HeunSampler.h"

#include <torch/torch.h>

#include <cmath>

namespace anomadiff::engine {
namespace {

double noiseToSignal(double alphaBar) {
  return std::sqrt(1.0 / alphaBar - 1.0);
}

}  // namespace

torch::Tensor HeunSampler::step(const GuidedModel& model, const torch::Tensor& x, int t,
                                int previous, torch::Generator&) const {
  const auto& schedule = model.schedule();
  const double alphaBar = schedule.alphaBar(t);
  const double alphaBarPrevious = alphaBarAt(schedule, previous);
  const double stepSize = noiseToSignal(alphaBarPrevious) - noiseToSignal(alphaBar);
  const auto scaled = x / std::sqrt(alphaBar);
  const auto slope = model.guidedNoise(x, t);
  auto eulerScaled = scaled + stepSize * slope;
  if (previous < 0) return eulerScaled;
  const auto slopeAtEnd = model.guidedNoise(eulerScaled * std::sqrt(alphaBarPrevious), previous);
  return (scaled + stepSize * 0.5 * (slope + slopeAtEnd)) * std::sqrt(alphaBarPrevious);
}

}  // namespace anomadiff::engine
