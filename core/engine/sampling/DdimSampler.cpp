#include "engine/sampling/DdimSampler.h"

#include <torch/torch.h>

#include <cmath>

namespace anomadiff::engine {

torch::Tensor DdimSampler::move(const torch::Tensor& x, const torch::Tensor& epsilon,
                                double alphaBar, double alphaBarTarget) {
  const auto clean = predictCleanImage(x, epsilon, alphaBar);
  return std::sqrt(alphaBarTarget) * clean + std::sqrt(1.0 - alphaBarTarget) * epsilon;
}

torch::Tensor DdimSampler::step(const GuidedModel& model, const torch::Tensor& x, int t,
                                int previous, torch::Generator&) const {
  const auto& schedule = model.schedule();
  return move(x, model.guidedNoise(x, t), schedule.alphaBar(t), alphaBarAt(schedule, previous));
}

}  // namespace anomadiff::engine
