#pragma once

#include "image/Image.h"
#include "localize/BoundingBox.h"

#include <array>
#include <vector>

namespace anomadiff {

/// A true lesion for detection scoring: its bounding box and the centroid of its voxels. A
/// candidate box that covers the centroid found the lesion even when a bleeding map makes the
/// box too large for IoU ≥ 0.3 (the usual FROC hit rule next to the IoU one).
struct TruthLesion {
  BoundingBox box;
  /// Continuous voxel index (x along image axis 0): voxel i spans [i − 0.5, i + 0.5].
  std::array<double, 3> centroid{0.0, 0.0, 0.0};

  /// The box's centre as the centroid, for hand-made lesions.
  static TruthLesion ofBox(const BoundingBox& box);
  /// One lesion per connected component of `label` > 0.5, its centroid the mean index of the
  /// label voxels inside its box.
  static std::vector<TruthLesion> fromLabel(const Image& label);
  /// Whether `candidate` covers the centroid (in the voxel extent of the box).
  bool centroidInside(const BoundingBox& candidate) const;
};

}  // namespace anomadiff
