#include "localize/FindingVoxels.h"

namespace anomadiff {

std::vector<std::array<double, 3>> FindingVoxels::through(
    const BoundingBox& box, const Image& anomaly, float threshold,
    const preprocess::AffineTransform& indexMap) {
  std::vector<std::array<double, 3>> points;
  for (std::size_t z = box.z; z < box.z + box.depth; ++z) {
    for (std::size_t y = box.y; y < box.y + box.height; ++y) {
      for (std::size_t x = box.x; x < box.x + box.width; ++x) {
        if (anomaly.at(x, y, z) > threshold) {
          points.push_back(indexMap.apply({double(x), double(y), double(z)}));
        }
      }
    }
  }
  return points;
}

}  // namespace anomadiff
