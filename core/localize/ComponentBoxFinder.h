#pragma once

#include "image/Image.h"
#include "localize/BoundingBox.h"

#include <vector>

namespace anomadiff {

/// Turns a thresholded anomaly map into scored boxes: 8-connected components of a 2D image
/// (OpenCV), 26-connected 3D components of a volume (VolumeComponents), components smaller than
/// a minimum voxel count dropped as noise, boxes sorted by descending score and numbered from 1
/// in that order.
class ComponentBoxFinder {
 public:
  explicit ComponentBoxFinder(std::size_t minimumAreaPx = 1) : m_minimumAreaPx(minimumAreaPx) {}

  /// `anomaly` and `variance` must share the mask's grid; `variance` may be empty.
  /// A voxel is in the mask when anomaly > threshold. Throws InvalidArgument on grid mismatch.
  std::vector<BoundingBox> find(const Image& anomaly, const Image& variance, float threshold) const;

 private:
  std::vector<BoundingBox> planeBoxes(const Image& anomaly, const Image& variance,
                                      float threshold) const;

  std::size_t m_minimumAreaPx;
};

}  // namespace anomadiff
