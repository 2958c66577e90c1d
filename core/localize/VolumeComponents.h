#pragma once

#include "image/Image.h"
#include "localize/BoundingBox.h"

#include <vector>

namespace anomadiff {

/// 26-connected components of `anomaly > threshold` in a volume, each measured as a 3D box with
/// its evidence: a lesion spanning several slices is one finding, not one per slice. A plain
/// breadth-first flood fill over one int32 label volume (28 MB for 181×217×181) — ITK's filter
/// would need the volume copied into an itk::Image and back for the same result.
class VolumeComponents {
 public:
  /// Components with fewer than `minimumVoxels` voxels are dropped. `variance` may be empty.
  static std::vector<BoundingBox> find(const Image& anomaly, const Image& variance, float threshold,
                                       std::size_t minimumVoxels);
};

}  // namespace anomadiff
