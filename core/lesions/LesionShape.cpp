#include "lesions/LesionShape.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

namespace anomadiff::lesions {

LesionShape::LesionShape(const LesionSpec& spec, const ImageGeometry& grid)
    : m_spec(spec),
      m_planar(grid.size[2] == 1),
      m_cos(std::cos(spec.angle)),
      m_sin(std::sin(spec.angle)) {
  if (spec.family == LesionFamily::Irregular) drawLobes();
  const auto& r = spec.radii;
  const double reach = m_largestOutline;
  const double extent[3] = {reach * std::hypot(r[0] * m_cos, r[1] * m_sin),
                            reach * std::hypot(r[0] * m_sin, r[1] * m_cos),
                            m_planar ? 0.0 : reach * r[2]};
  for (int axis = 0; axis < 3; ++axis) {
    const double last = static_cast<double>(grid.size[axis]) - 1.0;
    const double low = std::ceil(spec.center[axis] - extent[axis]);
    const double high = std::floor(spec.center[axis] + extent[axis]);
    if (high < 0.0 || low > last || low > high) {
      m_empty = true;
      return;
    }
    m_low[axis] = static_cast<std::size_t>(std::max(low, 0.0));
    m_high[axis] = static_cast<std::size_t>(std::min(high, last));
  }
}

double LesionShape::radius(double x, double y, double z) const {
  const double dx = x - m_spec.center[0];
  const double dy = y - m_spec.center[1];
  const double u = (m_cos * dx + m_sin * dy) / m_spec.radii[0];
  const double v = (-m_sin * dx + m_cos * dy) / m_spec.radii[1];
  const double w = m_planar ? 0.0 : (z - m_spec.center[2]) / m_spec.radii[2];
  const double r = std::sqrt(u * u + v * v + w * w);
  if (m_inPlaneLobes.empty() || r == 0.0) return r;
  return r / outline(u, v, w);
}

void LesionShape::drawLobes() {
  // Portable draws (std:: distributions differ between standard libraries): 2–4 lobes of
  // frequency 2..6 whose amplitudes sum to at most 0.55, so the outline stays in [0.45, 1.55]
  // and the region stays one star-shaped piece.
  std::mt19937_64 random(m_spec.seed ^ 0x6c6f6265ULL);
  const auto uniform = [&random](double low, double high) {
    return low + (high - low) * (double(random() >> 11) * 0x1.0p-53);
  };
  const auto draw = [&](std::vector<Lobe>& lobes, int count, double budget) {
    double total = 0.0;
    for (int i = 0; i < count; ++i) {
      const int frequency = 2 + static_cast<int>(random() % 5);
      const double amplitude = uniform(0.3, 1.0) / std::sqrt(double(frequency));
      lobes.push_back({amplitude, frequency, uniform(0.0, 2.0 * std::numbers::pi)});
      total += amplitude;
    }
    for (auto& lobe : lobes) lobe.amplitude *= budget / total;
  };
  draw(m_inPlaneLobes, 2 + static_cast<int>(random() % 3), uniform(0.3, 0.55));
  if (!m_planar) draw(m_elevationLobes, 2, 0.2);
  double largest = 1.0;
  for (const auto* lobes : {&m_inPlaneLobes, &m_elevationLobes}) {
    for (const auto& lobe : *lobes) largest += lobe.amplitude;
  }
  m_largestOutline = largest;
}

double LesionShape::outline(double u, double v, double w) const {
  const double theta = std::atan2(v, u);
  double b = 1.0;
  for (const auto& lobe : m_inPlaneLobes)
    b += lobe.amplitude * std::cos(lobe.frequency * theta + lobe.phase);
  if (!m_elevationLobes.empty()) {
    const double phi = std::atan2(w, std::hypot(u, v));
    for (const auto& lobe : m_elevationLobes) {
      b += lobe.amplitude * std::cos(lobe.frequency * phi + lobe.phase);
    }
  }
  return b;
}

double LesionShape::weight(double radius) const {
  if (radius >= 1.0) return 0.0;
  const double core = 1.0 - m_spec.softness;
  if (radius <= core) return 1.0;
  const double t = (radius - core) / m_spec.softness;
  return 0.5 * (1.0 + std::cos(std::numbers::pi * t));
}

}  // namespace anomadiff::lesions
