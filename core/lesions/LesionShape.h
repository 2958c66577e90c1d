#pragma once

#include "image/ImageGeometry.h"
#include "lesions/LesionSpec.h"

#include <array>
#include <cstddef>

namespace anomadiff::lesions {

/// The (rotated) ellipsoid of a spec on a grid: where it is, and how strongly each voxel
/// belongs to it. Shared by every family so that their footprints agree.
class LesionShape {
 public:
  /// On a 2D grid (size[2] == 1) the ellipsoid is an ellipse in the plane.
  LesionShape(const LesionSpec& spec, const ImageGeometry& grid);

  /// Normalised ellipsoidal radius: < 1 inside, 1 on the surface.
  double radius(double x, double y, double z) const;
  /// 1 in the core, a cosine fade over the outer `softness` of the radius, 0 outside.
  double weight(double radius) const;

  /// Inclusive voxel index box holding the ellipsoid, clamped to the grid; empty() when the
  /// ellipsoid misses the grid.
  std::array<std::size_t, 3> low() const { return m_low; }
  std::array<std::size_t, 3> high() const { return m_high; }
  bool empty() const { return m_empty; }

 private:
  LesionSpec m_spec;
  bool m_planar;
  double m_cos;
  double m_sin;
  std::array<std::size_t, 3> m_low{};
  std::array<std::size_t, 3> m_high{};
  bool m_empty = false;
};

}  // namespace anomadiff::lesions
