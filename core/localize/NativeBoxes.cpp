#include "localize/NativeBoxes.h"

#include "localize/BoxExtent.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace anomadiff {
namespace {

/// Corners a hair inside a voxel boundary must not round into the next voxel.
constexpr double kRoundingSlack = 1e-6;

BoundingBox nativeBox(BoundingBox box, const preprocess::PreparedScan& scan,
                      const preprocess::AffineTransform& modelToNative) {
  const BoxExtent bounds = BoxExtent::through(box, modelToNative);
  std::array<std::size_t, 3> first;
  std::array<std::size_t, 3> extent;
  for (std::size_t axis = 0; axis < 3; ++axis) {
    const double last = double(scan.nativeGeometry.size[axis] - 1);
    const double from =
        std::clamp(std::floor(bounds.minimum[axis] + 0.5 + kRoundingSlack), 0.0, last);
    const double to =
        std::clamp(std::ceil(bounds.maximum[axis] - 0.5 - kRoundingSlack), from, last);
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
  const auto modelToNative = scan.modelIndexToNativeIndex();
  for (const auto& box : modelBoxes) boxes.push_back(nativeBox(box, scan, modelToNative));
  return boxes;
}

}  // namespace anomadiff
