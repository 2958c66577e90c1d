#pragma once

#include "localize/BoundingBox.h"
#include "preprocess/PreparedScan.h"

#include <vector>

namespace anomadiff {

/// Boxes found in model space (where the thresholds and gates were calibrated) carried to the
/// scan's own grid: each box's extent is transformed corner by corner and the native box is the
/// smallest box of whole voxels around it (exact for a reoriented scan, whose voxels only
/// permute). Scores and the component's voxel count stay those measured in model space.
class NativeBoxes {
 public:
  static std::vector<BoundingBox> of(const std::vector<BoundingBox>& modelBoxes,
                                     const preprocess::PreparedScan& scan);
};

}  // namespace anomadiff
