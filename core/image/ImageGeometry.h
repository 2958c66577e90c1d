#pragma once

#include <array>
#include <cstddef>

namespace anomadiff {

/// Where voxels sit in physical space, as ITK describes it: index (i, j, k) maps to
/// origin + direction * diag(spacing) * index. A 2D image is a 3D image with size[2] == 1.
struct ImageGeometry {
  std::array<std::size_t, 3> size{0, 0, 0};
  std::array<double, 3> spacing{1.0, 1.0, 1.0};
  std::array<double, 3> origin{0.0, 0.0, 0.0};
  /// Row-major 3x3 direction cosines; column c is the physical direction of index axis c.
  std::array<double, 9> direction{1, 0, 0, 0, 1, 0, 0, 0, 1};

  std::size_t voxelCount() const { return size[0] * size[1] * size[2]; }
  bool is2D() const { return size[2] == 1; }
  bool operator==(const ImageGeometry&) const = default;
};

}  // namespace anomadiff
