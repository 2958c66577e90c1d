#include "localize/NativeBoxes.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace anomadiff {
namespace {

/// Corners a hair inside a voxel boundary must not round into the next voxel.
constexpr double kRoundingSlack = 1e-6;

BoundingBox nativeBox(BoundingBox box, const preprocess::PreparedScan& scan) {
  const std::array<double, 3> low{double(box.x) - 0.5, double(box.y) - 0.5, double(box.z) - 0.5};
  const std::array<double, 3> high{double(box.x + box.width) - 0.5,
                                   double(box.y + box.height) - 0.5,
                                   double(box.z + box.depth) - 0.5};
  std::array<double, 3> minimum;
  std::array<double, 3> maximum;
  minimum.fill(std::numeric_limits<double>::infinity());
  maximum.fill(-std::numeric_limits<double>::infinity());
  for (int corner = 0; corner < 8; ++corner) {
    const std::array<double, 3> point{(corner & 1) ? high[0] : low[0],
                                      (corner & 2) ? high[1] : low[1],
                                      (corner & 4) ? high[2] : low[2]};
    const auto native = scan.nativeIndexOf(point);
    for (std::size_t axis = 0; axis < 3; ++axis) {
      minimum[axis] = std::min(minimum[axis], native[axis]);
      maximum[axis] = std::max(maximum[axis], native[axis]);
    }
  }
  std::array<std::size_t, 3> first;
  std::array<std::size_t, 3> extent;
  for (std::size_t axis = 0; axis < 3; ++axis) {
    const double last = double(scan.nativeGeometry.size[axis] - 1);
    const double from = std::clamp(std::floor(minimum[axis] + 0.5 + kRoundingSlack), 0.0, last);
    const double to = std::clamp(std::ceil(maximum[axis] - 0.5 - kRoundingSlack), from, last);
    first[axis] = std::size_t(from);
    extent[axis] = std::size_t(to - from) + 1;
  }
  box.x = first[0];
  box.y = first[1];
  box.z = first[2];
  box.width = extent[0];
  box.height = extent[1];
  box.depth = extent[2];
  return box;
}

}  // namespace

std::vector<BoundingBox> NativeBoxes::of(const std::vector<BoundingBox>& modelBoxes,
                                         const preprocess::PreparedScan& scan) {
  if (scan.isNative()) return modelBoxes;
  std::vector<BoundingBox> boxes;
  boxes.reserve(modelBoxes.size());
  for (const auto& box : modelBoxes) boxes.push_back(nativeBox(box, scan));
  return boxes;
}

}  // namespace anomadiff
