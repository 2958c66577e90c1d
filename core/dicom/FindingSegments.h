#pragma once

#include "image/Image.h"
#include "localize/BoundingBox.h"

#include <cstdint>
#include <vector>

namespace anomadiff {

/// The voxels of one finding, what its DICOM SEG segment holds: kept for its box only (a
/// volume-sized mask per finding would cost gigabytes on a large scan).
struct FindingSegment {
  BoundingBox box;
  std::vector<std::uint8_t> inBox;  ///< 1 = in the finding; x fastest over the box
  std::size_t count = 0;            ///< voxels in the finding
  bool drawnByReader = false;       ///< no component behind it: the segment is the reader's box

  /// Whether grid voxel (x, y, z) belongs to the finding.
  bool contains(std::size_t x, std::size_t y, std::size_t z) const {
    if (x < box.x || y < box.y || z < box.z || x >= box.x + box.width || y >= box.y + box.height ||
        z >= box.z + box.depth) {
      return false;
    }
    return inBox[(x - box.x) + box.width * ((y - box.y) + box.height * (z - box.z))] != 0;
  }
};

/// Splits a result's mask into one segment per finding: the mask's voxels inside the finding's
/// box. A box a reader drew, or one that holds no mask voxel (a threshold changed since), is the
/// box itself, so every finding the report lists has voxels a viewer can show and measure.
class FindingSegments {
 public:
  /// Throws InvalidArgument for a box outside the mask's grid (a result of another image).
  static std::vector<FindingSegment> of(const Image& mask, const std::vector<BoundingBox>& boxes);
};

}  // namespace anomadiff
