#pragma once

#include "image/ImageGeometry.h"
#include "lesions/LesionSpec.h"

#include <array>
#include <cstddef>
#include <vector>

namespace anomadiff::lesions {

/// The (rotated) ellipsoid of a spec on a grid: where it is, and how strongly each voxel
/// belongs to it. Shared by every family so that their footprints agree. The irregular family
/// divides the ellipsoidal radius by a smooth lobulated outline b(θ, φ) = 1 + Σ c_k cos(kθ + α_k)
/// (+ elevation terms in 3D), drawn from the spec's seed: star-shaped, never ellipsoid.
class LesionShape {
 public:
  /// On a 2D grid (size[2] == 1) the ellipsoid is an ellipse in the plane.
  LesionShape(const LesionSpec& spec, const ImageGeometry& grid);

  /// Normalised radius: < 1 inside, 1 on the surface.
  double radius(double x, double y, double z) const;
  /// 1 in the core, a cosine fade over the outer `softness` of the radius, 0 outside.
  double weight(double radius) const;

  /// Inclusive voxel index box holding the ellipsoid, clamped to the grid; empty() when the
  /// ellipsoid misses the grid.
  std::array<std::size_t, 3> low() const { return m_low; }
  std::array<std::size_t, 3> high() const { return m_high; }
  bool empty() const { return m_empty; }

 private:
  /// Lobe terms of the irregular outline: amplitude, frequency and phase.
  struct Lobe {
    double amplitude;
    int frequency;
    double phase;
  };
  void drawLobes();
  /// The outline's radius in direction (u, v, w) of the ellipsoid's own frame.
  double outline(double u, double v, double w) const;

  LesionSpec m_spec;
  std::vector<Lobe> m_inPlaneLobes;
  std::vector<Lobe> m_elevationLobes;
  double m_largestOutline = 1.0;
  bool m_planar;
  double m_cos;
  double m_sin;
  std::array<std::size_t, 3> m_low{};
  std::array<std::size_t, 3> m_high{};
  bool m_empty = false;
};

}  // namespace anomadiff::lesions
