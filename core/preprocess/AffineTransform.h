#pragma once

#include "image/ImageGeometry.h"

#include <array>

namespace anomadiff::preprocess {

/// y = matrix * x + translation on physical points (mm, ITK's LPS frame). A registration result
/// maps points of the fixed (template) image to the moving image, as ITK's transforms do.
class AffineTransform {
 public:
  using Point = std::array<double, 3>;
  using Matrix = std::array<double, 9>;  // row-major

  AffineTransform() = default;  // identity
  AffineTransform(const Matrix& matrix, const Point& translation);

  /// Rotation by angles (radians) about x, then y, then z, about `centre`, then a translation.
  static AffineTransform rigid(const Point& anglesXyz, const Point& translation,
                               const Point& centre = {0.0, 0.0, 0.0});

  /// Voxel index -> physical point of a grid: origin + direction * diag(spacing) * index.
  static AffineTransform indexToPhysical(const ImageGeometry& geometry);

  Point apply(const Point& point) const;
  /// Throws InvalidArgument for a singular matrix.
  AffineTransform inverse() const;
  /// this after `first`: x -> this(first(x)).
  AffineTransform after(const AffineTransform& first) const;

  const Matrix& matrix() const { return m_matrix; }
  const Point& translation() const { return m_translation; }

 private:
  Matrix m_matrix{1, 0, 0, 0, 1, 0, 0, 0, 1};
  Point m_translation{0, 0, 0};
};

}  // namespace anomadiff::preprocess
