#include "localize/NativeBoxes.h"

#include "localize/BoxExtent.h"
#include "localize/FindingVoxels.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

namespace anomadiff {
namespace {

/// Corners a hair inside a voxel boundary must not round into the next voxel.
constexpr double kRoundingSlack = 1e-6;

/// `box` with its first voxel and extent replaced; its evidence kept.
BoundingBox placed(BoundingBox box, const std::array<std::size_t, 3>& first,
                   const std::array<std::size_t, 3>& extent) {
  box.x = first[0];
  box.y = first[1];
  box.z = first[2];
  box.width = extent[0];
  box.height = extent[1];
  box.depth = extent[2];
  return box;
}

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
  return placed(box, first, extent);
}

/// The native voxels (nearest) of the finding's model voxels, bounded; nullopt without any.
std::optional<BoundingBox> voxelBox(BoundingBox box, const preprocess::PreparedScan& scan,
                                    const preprocess::AffineTransform& modelToNative,
                                    const Image& anomaly, float threshold) {
  const auto points = FindingVoxels::through(box, anomaly, threshold, modelToNative);
  if (points.empty()) return std::nullopt;
  std::array<double, 3> low = points.front(), high = points.front();
  for (const auto& point : points) {
    for (std::size_t a = 0; a < 3; ++a) {
      low[a] = std::min(low[a], point[a]);
      high[a] = std::max(high[a], point[a]);
    }
  }
  std::array<std::size_t, 3> first{}, extent{};
  for (std::size_t a = 0; a < 3; ++a) {
    const double last = double(scan.nativeGeometry.size[a] - 1);
    const double from = std::clamp(std::floor(low[a] + 0.5), 0.0, last);
    const double to = std::clamp(std::floor(high[a] + 0.5), from, last);
    first[a] = std::size_t(from);
    extent[a] = std::size_t(to - from) + 1;
  }
  return placed(box, first, extent);
}

}  // namespace

std::vector<BoundingBox> NativeBoxes::of(const std::vector<BoundingBox>& modelBoxes,
                                         const preprocess::PreparedScan& scan,
                                         const Image& modelAnomaly, float extentThreshold) {
  if (scan.isNative()) return modelBoxes;
  std::vector<BoundingBox> boxes;
  boxes.reserve(modelBoxes.size());
  const auto modelToNative = scan.modelIndexToNativeIndex();
  for (const auto& box : modelBoxes) {
    std::optional<BoundingBox> native;
    if (scan.report.registered) {
      native = voxelBox(box, scan, modelToNative, modelAnomaly, extentThreshold);
    }
    boxes.push_back(native ? *native : nativeBox(box, scan, modelToNative));
  }
  return boxes;
}

}  // namespace anomadiff
