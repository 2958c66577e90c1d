#include "engine/sampling/DpmSolver2Sampler.h"

#include <torch/torch.h>

#include <cmath>

namespace anomadiff::engine {
namespace {

/// λ = log(α/σ) of a noise level ᾱ (α = √ᾱ, σ = √(1−ᾱ)).
double lambdaOf(double alphaBar) {
  return 0.5 * std::log(alphaBar / (1.0 - alphaBar));
}

/// The timestep strictly between `previous` and `t` whose λ is nearest the midpoint; -1 if none.
int midpointTimestep(const NoiseSchedule& schedule, int t, int previous) {
  const double middle =
      0.5 * (lambdaOf(schedule.alphaBar(t)) + lambdaOf(schedule.alphaBar(previous)));
  int best = -1;
  double bestDistance = 0.0;
  for (int u = previous + 1; u < t; ++u) {
    const double distance = std::abs(lambdaOf(schedule.alphaBar(u)) - middle);
    if (best < 0 || distance < bestDistance) {
      best = u;
      bestDistance = distance;
    }
  }
  return best;
}

}  // namespace

SamplerStep DpmSolver2Sampler::step(const GuidedModel& model, const torch::Tensor& x, int t,
                                    int previous, torch::Generator&) const {
  const auto& schedule = model.schedule();
  const double alphaBar = schedule.alphaBar(t);
  SamplerStep result;
  result.epsilon = model.guidedNoise(x, t);
  result.clean = predictCleanImage(x, result.epsilon, alphaBar);
  const int middle = previous < 0 ? -1 : midpointTimestep(schedule, t, previous);
  if (middle < 0) {
    result.next = renoise(result.clean, result.epsilon, alphaBarAt(schedule, previous));
    return result;
  }
  const double alphaBarMiddle = schedule.alphaBar(middle);
  const double alphaBarPrevious = schedule.alphaBar(previous);
  const double lambda = lambdaOf(alphaBar);
  const double h = lambdaOf(alphaBarPrevious) - lambda;
  const double r = (lambdaOf(alphaBarMiddle) - lambda) / h;
  const auto xMiddle = std::sqrt(alphaBarMiddle / alphaBar) * x -
                       std::sqrt(1.0 - alphaBarMiddle) * std::expm1(r * h) * result.epsilon;
  const auto epsilonMiddle = model.guidedNoise(xMiddle, middle);
  const auto blended = (1.0 - 0.5 / r) * result.epsilon + (0.5 / r) * epsilonMiddle;
  result.next = std::sqrt(alphaBarPrevious / alphaBar) * x -
                std::sqrt(1.0 - alphaBarPrevious) * std::expm1(h) * blended;
  return result;
}

}  // namespace anomadiff::engine
