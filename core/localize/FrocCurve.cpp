#include "localize/FrocCurve.h"

#include "common/Error.h"
#include "localize/BoxMatcher.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <string>

namespace anomadiff {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

double share(std::size_t part, std::size_t whole) {
  return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}

std::vector<double> descending(std::vector<double> values) {
  std::sort(values.begin(), values.end(), std::greater<>());
  return values;
}

}  // namespace

void FrocCurve::addLesionCase(const std::vector<TruthLesion>& truths,
                              const std::vector<BoundingBox>& candidates,
                              const std::vector<std::string>& strata) {
  for (const TruthLesion& truth : truths) {
    std::optional<double> best;
    for (const BoundingBox& candidate : candidates) {
      if (!hits(candidate, truth)) continue;
      const double value = BoxGate::valueOf(m_statistic, candidate);
      if (!best || value > *best) best = value;
    }
    m_lesionBest.push_back(best);
    m_lesionStrata.push_back(strata);
  }
}

void FrocCurve::addHealthySlice(const std::vector<BoundingBox>& candidates) {
  for (const BoundingBox& candidate : candidates) {
    m_healthyValues.push_back(BoxGate::valueOf(m_statistic, candidate));
  }
  ++m_healthySlices;
}

std::vector<FrocPoint> FrocCurve::curve() const {
  if (m_healthySlices == 0) return {};
  const std::vector<double> healthy = descending(m_healthyValues);
  std::vector<double> found;
  for (const auto& best : m_lesionBest) {
    if (best) found.push_back(*best);
  }
  found = descending(std::move(found));
  // One sweep from the highest value down: each distinct value is the minimum of one gate.
  std::vector<FrocPoint> points = {{kInfinity, 0.0, 0.0}};
  std::size_t h = 0, f = 0;
  while (h < healthy.size() || f < found.size()) {
    const double next = std::max(h < healthy.size() ? healthy[h] : -kInfinity,
                                 f < found.size() ? found[f] : -kInfinity);
    while (h < healthy.size() && healthy[h] >= next) ++h;
    while (f < found.size() && found[f] >= next) ++f;
    points.push_back({next, share(h, m_healthySlices), share(f, lesions())});
  }
  return points;
}

FrocPoint FrocCurve::operatingPointAt(double falseBoxesPerSlice) const {
  if (m_healthySlices == 0) {
    throw InvalidArgument("a false-boxes-per-slice operating point needs healthy slices");
  }
  if (!(falseBoxesPerSlice >= 0.0)) {
    throw InvalidArgument("false boxes per slice " + std::to_string(falseBoxesPerSlice) +
                          " is not a rate >= 0");
  }
  // The epsilon keeps e.g. 0.29 × 100 = 28.999… from allowing one box fewer.
  const double allowed =
      std::floor(falseBoxesPerSlice * static_cast<double>(m_healthySlices) + 1e-9);
  if (allowed >= static_cast<double>(m_healthyValues.size())) return pointAt(-kInfinity);
  std::vector<double> healthy = m_healthyValues;
  const auto excluded = healthy.begin() + static_cast<std::ptrdiff_t>(allowed);
  std::nth_element(healthy.begin(), excluded, healthy.end(), std::greater<>());
  // Just above the first healthy box that must stay out (ties with it stay out too).
  return pointAt(std::nextafter(*excluded, kInfinity));
}

FrocPoint FrocCurve::pointAt(double minimum) const {
  const auto healthy = std::count_if(m_healthyValues.begin(), m_healthyValues.end(),
                                     [&](double value) { return value >= minimum; });
  const auto found = std::count_if(m_lesionBest.begin(), m_lesionBest.end(),
                                   [&](const auto& best) { return best && *best >= minimum; });
  return {minimum, share(static_cast<std::size_t>(healthy), m_healthySlices),
          share(static_cast<std::size_t>(found), lesions())};
}

std::map<std::string, FrocCurve::StratumSensitivity> FrocCurve::sensitivityByStratum(
    double falseBoxesPerSlice) const {
  const double minimum = operatingPointAt(falseBoxesPerSlice).minimum;
  std::map<std::string, std::size_t> found;
  std::map<std::string, StratumSensitivity> byStratum;
  for (std::size_t i = 0; i < m_lesionBest.size(); ++i) {
    const bool isFound = m_lesionBest[i] && *m_lesionBest[i] >= minimum;
    for (const std::string& stratum : m_lesionStrata[i]) {
      ++byStratum[stratum].lesions;
      found[stratum] += isFound ? 1 : 0;
    }
  }
  for (auto& [stratum, entry] : byStratum) entry.sensitivity = share(found[stratum], entry.lesions);
  return byStratum;
}

std::vector<FrocPoint> FrocCurve::thinned(const std::vector<FrocPoint>& points,
                                          std::size_t maxPoints) {
  maxPoints = std::max<std::size_t>(maxPoints, 2);
  if (points.size() <= maxPoints) return points;
  std::vector<FrocPoint> kept;
  const double step = static_cast<double>(points.size() - 1) / static_cast<double>(maxPoints - 1);
  for (std::size_t i = 0; i < maxPoints; ++i) {
    kept.push_back(points[static_cast<std::size_t>(std::lround(static_cast<double>(i) * step))]);
  }
  return kept;
}

bool FrocCurve::hits(const BoundingBox& candidate, const TruthLesion& truth) {
  return BoxMatcher::iou(candidate, truth.box) >= kHitIou || truth.centroidInside(candidate);
}

}  // namespace anomadiff
