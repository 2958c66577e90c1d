#pragma once

#include "localize/BoundingBox.h"
#include "preprocess/AffineTransform.h"

#include <array>

namespace anomadiff {

/// A box's outer voxel faces (first index − 0.5 … last index + 0.5 on each axis) carried through
/// an affine map of voxel indices — to another grid's indices or to physical millimetres — and
/// bounded: the 8 corners transformed, the smallest axis-aligned box around them.
struct BoxExtent {
  std::array<double, 3> minimum;
  std::array<double, 3> maximum;

  static BoxExtent through(const BoundingBox& box, const preprocess::AffineTransform& indexMap);
};

}  // namespace anomadiff
