#include "preprocess/AffineTransform.h"

#include "common/Error.h"

#include <cmath>
#include <cstddef>
#include <string>

namespace anomadiff::preprocess {
namespace {

using Matrix = AffineTransform::Matrix;

Matrix multiply(const Matrix& a, const Matrix& b) {
  Matrix result{};
  for (int row = 0; row < 3; ++row) {
    for (int column = 0; column < 3; ++column) {
      for (int k = 0; k < 3; ++k) result[row * 3 + column] += a[row * 3 + k] * b[k * 3 + column];
    }
  }
  return result;
}

AffineTransform::Point multiply(const Matrix& m, const AffineTransform::Point& p) {
  return {m[0] * p[0] + m[1] * p[1] + m[2] * p[2], m[3] * p[0] + m[4] * p[1] + m[5] * p[2],
          m[6] * p[0] + m[7] * p[1] + m[8] * p[2]};
}

}  // namespace

AffineTransform AffineTransform::indexToPhysical(const ImageGeometry& geometry) {
  Matrix matrix{};
  for (std::size_t row = 0; row < 3; ++row) {
    for (std::size_t column = 0; column < 3; ++column) {
      matrix[row * 3 + column] = geometry.direction[row * 3 + column] * geometry.spacing[column];
    }
  }
  return {matrix, geometry.origin};
}

AffineTransform::AffineTransform(const Matrix& matrix, const Point& translation)
    : m_matrix(matrix), m_translation(translation) {}

AffineTransform AffineTransform::rigid(const Point& anglesXyz, const Point& translation,
                                       const Point& centre) {
  const double cx = std::cos(anglesXyz[0]), sx = std::sin(anglesXyz[0]);
  const double cy = std::cos(anglesXyz[1]), sy = std::sin(anglesXyz[1]);
  const double cz = std::cos(anglesXyz[2]), sz = std::sin(anglesXyz[2]);
  const Matrix rx{1, 0, 0, 0, cx, -sx, 0, sx, cx};
  const Matrix ry{cy, 0, sy, 0, 1, 0, -sy, 0, cy};
  const Matrix rz{cz, -sz, 0, sz, cz, 0, 0, 0, 1};
  const Matrix rotation = multiply(rz, multiply(ry, rx));
  // R (x - c) + c + t
  const Point rotatedCentre = multiply(rotation, centre);
  return AffineTransform(rotation, {centre[0] - rotatedCentre[0] + translation[0],
                                    centre[1] - rotatedCentre[1] + translation[1],
                                    centre[2] - rotatedCentre[2] + translation[2]});
}

AffineTransform::Point AffineTransform::apply(const Point& point) const {
  const Point p = multiply(m_matrix, point);
  return {p[0] + m_translation[0], p[1] + m_translation[1], p[2] + m_translation[2]};
}

AffineTransform AffineTransform::inverse() const {
  const Matrix& m = m_matrix;
  const double det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) +
                     m[2] * (m[3] * m[7] - m[4] * m[6]);
  if (!std::isfinite(det) || std::abs(det) < 1e-12) {
    throw InvalidArgument("affine transform is singular (determinant " + std::to_string(det) + ")");
  }
  const Matrix inverse{(m[4] * m[8] - m[5] * m[7]) / det, (m[2] * m[7] - m[1] * m[8]) / det,
                       (m[1] * m[5] - m[2] * m[4]) / det, (m[5] * m[6] - m[3] * m[8]) / det,
                       (m[0] * m[8] - m[2] * m[6]) / det, (m[2] * m[3] - m[0] * m[5]) / det,
                       (m[3] * m[7] - m[4] * m[6]) / det, (m[1] * m[6] - m[0] * m[7]) / det,
                       (m[0] * m[4] - m[1] * m[3]) / det};
  const Point t = multiply(inverse, m_translation);
  return AffineTransform(inverse, {-t[0], -t[1], -t[2]});
}

AffineTransform AffineTransform::after(const AffineTransform& first) const {
  const Point t = multiply(m_matrix, first.m_translation);
  return AffineTransform(
      multiply(m_matrix, first.m_matrix),
      {t[0] + m_translation[0], t[1] + m_translation[1], t[2] + m_translation[2]});
}

}  // namespace anomadiff::preprocess
