#pragma once

#include "image/Image.h"
#include "localize/BoundingBox.h"
#include "preprocess/AffineTransform.h"

#include <array>
#include <vector>

namespace anomadiff {

/// The finding inside its box: the voxels of `box` whose anomaly exceeds `threshold`, each
/// carried through `indexMap` (to physical millimetres for the atlases, to another grid's voxel
/// indices for the native box). FindingAnatomy and NativeBoxes read a finding the same way.
class FindingVoxels {
 public:
  static std::vector<std::array<double, 3>> through(const BoundingBox& box, const Image& anomaly,
                                                    float threshold,
                                                    const preprocess::AffineTransform& indexMap);
};

}  // namespace anomadiff
