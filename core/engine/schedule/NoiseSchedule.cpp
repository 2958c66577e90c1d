#include "engine/schedule/NoiseSchedule.h"

#include "common/Error.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <sstream>

namespace anomadiff::engine {
namespace {

void requireSteps(int steps) {
  if (steps < 2) {
    throw InvalidArgument("diffusion schedule needs T >= 2 steps, got T=" + std::to_string(steps));
  }
}

}  // namespace

NoiseSchedule::NoiseSchedule(Kind kind, std::vector<double> betas)
    : m_kind(kind), m_betas(std::move(betas)) {
  m_alphaBars.reserve(m_betas.size());
  double product = 1.0;
  for (double beta : m_betas) {
    product *= 1.0 - beta;
    m_alphaBars.push_back(product);
  }
}

NoiseSchedule NoiseSchedule::linear(int steps, double betaStart, double betaEnd) {
  requireSteps(steps);
  for (double beta : {betaStart, betaEnd}) {
    if (!(beta > 0.0 && beta < 1.0)) {
      std::ostringstream message;
      message << "linear schedule beta=" << beta << " is outside (0, 1)";
      throw InvalidArgument(message.str());
    }
  }
  std::vector<double> betas(static_cast<std::size_t>(steps));
  for (int t = 0; t < steps; ++t) {
    betas[t] = betaStart + (betaEnd - betaStart) * t / (steps - 1);
  }
  return NoiseSchedule(Kind::Linear, std::move(betas));
}

NoiseSchedule NoiseSchedule::cosine(int steps, double offset) {
  requireSteps(steps);
  const auto f = [&](double t) {
    const double angle = (t / steps + offset) / (1.0 + offset) * std::numbers::pi / 2.0;
    return std::cos(angle) * std::cos(angle);
  };
  std::vector<double> betas(static_cast<std::size_t>(steps));
  for (int t = 0; t < steps; ++t) {
    // Step t of ours takes the process from continuous time t to t + 1.
    betas[t] = std::min(1.0 - f(t + 1.0) / f(t), 0.999);
  }
  return NoiseSchedule(Kind::Cosine, std::move(betas));
}

NoiseSchedule::Kind NoiseSchedule::kindFromName(const std::string& name) {
  if (name == "linear") return Kind::Linear;
  if (name == "cosine") return Kind::Cosine;
  throw InvalidArgument("unknown noise schedule '" + name + "' (use linear or cosine)");
}

void NoiseSchedule::checkStep(int t) const {
  if (t < 0 || t >= steps()) {
    throw InvalidArgument("timestep t=" + std::to_string(t) + " is outside 0.." +
                          std::to_string(steps() - 1));
  }
}

double NoiseSchedule::beta(int t) const {
  checkStep(t);
  return m_betas[static_cast<std::size_t>(t)];
}

double NoiseSchedule::alphaBar(int t) const {
  checkStep(t);
  return m_alphaBars[static_cast<std::size_t>(t)];
}

std::vector<int> NoiseSchedule::respacedTimesteps(int level, int count) const {
  if (level < 0 || level >= steps()) {
    throw InvalidArgument("noise level L=" + std::to_string(level) +
                          " exceeds T=" + std::to_string(steps()) + " (use 0 <= L < T)");
  }
  if (count < 1 || count > level + 1) {
    throw InvalidArgument("step count K=" + std::to_string(count) + " must be in 1.." +
                          std::to_string(level + 1) +
                          " for noise level L=" + std::to_string(level));
  }
  if (count == 1) return {level};
  std::vector<int> timesteps(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    const double position = static_cast<double>(level) * (count - 1 - i) / (count - 1);
    timesteps[static_cast<std::size_t>(i)] = static_cast<int>(std::lround(position));
  }
  return timesteps;
}

}  // namespace anomadiff::engine
