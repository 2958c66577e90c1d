#pragma once

#include "localize/BoundingBox.h"
#include "preprocess/PreparedScan.h"

#include <vector>

namespace anomadiff {

/// Boxes found in model space (where the thresholds and gates were calibrated) carried to the
/// scan's own grid. A reoriented scan's voxels only permute: the box's corners map exactly. A
/// registered scan's box is the smallest box of native voxels holding the finding's voxels —
/// those of `modelAnomaly` above `extentThreshold` inside the model box, their centres carried
/// over — since the corners of a rotated box bound far more than the finding (KmeansTest's
/// lesion: 29 × 37 × 33 voxels by corners, IoU 0.18 with the lesion; 22 × 20 × 26 by voxels).
/// Scores and the component's voxel count stay those measured in model space.
class NativeBoxes {
 public:
  static std::vector<BoundingBox> of(const std::vector<BoundingBox>& modelBoxes,
                                     const preprocess::PreparedScan& scan,
                                     const Image& modelAnomaly, float extentThreshold);
};

}  // namespace anomadiff
