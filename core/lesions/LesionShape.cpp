#include "lesions/LesionShape.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace anomadiff::lesions {

LesionShape::LesionShape(const LesionSpec& spec, const ImageGeometry& grid)
    : m_spec(spec),
      m_planar(grid.size[2] == 1),
      m_cos(std::cos(spec.angle)),
      m_sin(std::sin(spec.angle)) {
  const auto& r = spec.radii;
  const double extent[3] = {std::hypot(r[0] * m_cos, r[1] * m_sin),
                            std::hypot(r[0] * m_sin, r[1] * m_cos), m_planar ? 0.0 : r[2]};
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
  return std::sqrt(u * u + v * v + w * w);
}

double LesionShape::weight(double radius) const {
  if (radius >= 1.0) return 0.0;
  const double core = 1.0 - m_spec.softness;
  if (radius <= core) return 1.0;
  const double t = (radius - core) / m_spec.softness;
  return 0.5 * (1.0 + std::cos(std::numbers::pi * t));
}

}  // namespace anomadiff::lesions
