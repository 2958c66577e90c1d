#pragma once

#include "localize/BoundingBox.h"

#include <vector>

namespace anomadiff {

/// Box-level detection metrics (seed §5): a true lesion counts as found when some predicted box
/// overlaps it with IoU ≥ the given value.
class BoxMatcher {
 public:
  /// Intersection over union of two boxes in voxel units (3D; a 2D box has depth 1).
  static double iou(const BoundingBox& a, const BoundingBox& b);
  /// How many `truth` boxes are matched by at least one `predicted` box.
  static std::size_t foundTruths(const std::vector<BoundingBox>& truth,
                                 const std::vector<BoundingBox>& predicted, double minimumIou);
  /// How many `predicted` boxes match at least one `truth` box.
  static std::size_t correctPredictions(const std::vector<BoundingBox>& truth,
                                        const std::vector<BoundingBox>& predicted,
                                        double minimumIou);
};

}  // namespace anomadiff
