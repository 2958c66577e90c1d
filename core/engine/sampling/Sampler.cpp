#include "engine/sampling/Sampler.h"

#include <cmath>

namespace anomadiff::engine {

double alphaBarAt(const NoiseSchedule& schedule, int t) {
  return t < 0 ? 1.0 : schedule.alphaBar(t);
}

torch::Tensor predictCleanImage(const torch::Tensor& x, const torch::Tensor& epsilon,
                                double alphaBar) {
  return (x - std::sqrt(1.0 - alphaBar) * epsilon) / std::sqrt(alphaBar);
}

torch::Tensor renoise(const torch::Tensor& clean, const torch::Tensor& epsilon, double alphaBar) {
  return std::sqrt(alphaBar) * clean + std::sqrt(1.0 - alphaBar) * epsilon;
}

}  // namespace anomadiff::engine
