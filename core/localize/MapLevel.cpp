#include "localize/MapLevel.h"

#include <algorithm>
#include <vector>

namespace anomadiff {

MapLevel MapLevel::measure(const Image& anomaly, const Image& brain, double calibratedMedian) {
  std::vector<float> inside;
  inside.reserve(anomaly.voxelCount() / 4);
  for (std::size_t i = 0; i < anomaly.voxelCount(); ++i) {
    if (brain.voxels()[i] > 0.0f) inside.push_back(anomaly.voxels()[i]);
  }
  MapLevel level;
  level.calibratedMedian = calibratedMedian;
  if (inside.empty()) return level;
  const auto middle = inside.begin() + std::ptrdiff_t(inside.size() / 2);
  std::nth_element(inside.begin(), middle, inside.end());
  level.scanMedian = *middle;
  if (calibratedMedian > 0.0) level.divisor = std::max(1.0, level.scanMedian / calibratedMedian);
  return level;
}

void MapLevel::apply(Image& anomaly) const {
  if (divisor == 1.0) return;
  const auto scale = float(1.0 / divisor);
  for (float& value : anomaly.voxels()) value *= scale;
}

}  // namespace anomadiff
