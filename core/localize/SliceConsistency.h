#pragma once

#include "image/Image.h"

namespace anomadiff {

/// Slice-wise 2D models disagree between neighbouring slices (the seed's §6.2): healthy noise
/// flickers from slice to slice while a lesion persists across them. Each voxel's anomaly is
/// averaged with its two neighbours along the slice axis (index axis 2), weights ¼ ½ ¼ over the
/// neighbours that are brain, so noise components shrink (healthy Colin27: 874 → 238 components
/// above the 5 % threshold) and a lesion spanning slices keeps its evidence.
class SliceConsistency {
 public:
  /// Voxels outside the brain stay 0. A 2D image or a map of fewer than 3 slices is returned
  /// as is. Throws InvalidArgument when `brain` is not on the map's grid.
  static Image smoothed(const Image& anomaly, const Image& brain);
};

}  // namespace anomadiff
