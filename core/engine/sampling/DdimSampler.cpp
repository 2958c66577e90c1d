#include "engine/sampling/DdimSampler.h"

namespace anomadiff::engine {

torch::Tensor DdimSampler::move(const torch::Tensor& x, const torch::Tensor& epsilon,
                                double alphaBar, double alphaBarTarget) {
  return renoise(predictCleanImage(x, epsilon, alphaBar), epsilon, alphaBarTarget);
}

SamplerStep DdimSampler::step(const GuidedModel& model, const torch::Tensor& x, int t, int previous,
                              torch::Generator&) const {
  const auto& schedule = model.schedule();
  SamplerStep result;
  result.epsilon = model.guidedNoise(x, t);
  result.clean = predictCleanImage(x, result.epsilon, schedule.alphaBar(t));
  result.next = renoise(result.clean, result.epsilon, alphaBarAt(schedule, previous));
  return result;
}

}  // namespace anomadiff::engine
