#pragma once

#include "image/Image.h"
#include "localize/BoundingBox.h"

#include <vector>

namespace anomadiff {

/// Turns a thresholded anomaly map into scored boxes: 8-connected components per slice
/// (OpenCV), components smaller than a minimum area dropped as noise, boxes sorted by
/// descending score and numbered from 1 in that order.
class ComponentBoxFinder {
 public:
  explicit ComponentBoxFinder(std::size_t minimumAreaPx = 1) : m_minimumAreaPx(minimumAreaPx) {}

  /// `anomaly` and `variance` must share the mask's grid; `variance` may be empty.
  /// A voxel is in the mask when anomaly > threshold. Throws InvalidArgument on grid mismatch.
  std::vector<BoundingBox> find(const Image& anomaly, const Image& variance, float threshold) const;

 private:
  std::size_t m_minimumAreaPx;
};

}  // namespace anomadiff
