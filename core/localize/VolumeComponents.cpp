#include "localize/VolumeComponents.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <optional>

namespace anomadiff {
namespace {

/// Running extent and evidence of one component.
struct ComponentStats {
  std::array<std::size_t, 3> low{std::numeric_limits<std::size_t>::max(),
                                 std::numeric_limits<std::size_t>::max(),
                                 std::numeric_limits<std::size_t>::max()};
  std::array<std::size_t, 3> high{0, 0, 0};
  std::array<std::size_t, 3> coreLow = low;
  std::array<std::size_t, 3> coreHigh{0, 0, 0};
  double anomalySum = 0.0, varianceSum = 0.0, maximum = 0.0;
  std::size_t voxels = 0, coreVoxels = 0;

  void add(const std::array<std::size_t, 3>& at, float anomaly, float variance, bool core) {
    for (int a = 0; a < 3; ++a) {
      low[a] = std::min(low[a], at[a]);
      high[a] = std::max(high[a], at[a]);
      if (!core) continue;
      coreLow[a] = std::min(coreLow[a], at[a]);
      coreHigh[a] = std::max(coreHigh[a], at[a]);
    }
    coreVoxels += core ? 1 : 0;
    anomalySum += anomaly;
    varianceSum += variance;
    maximum = std::max(maximum, static_cast<double>(anomaly));
    ++voxels;
  }

  /// Around the core when it has one, else around the whole component.
  BoundingBox box() const {
    const auto& first = coreVoxels > 0 ? coreLow : low;
    const auto& last = coreVoxels > 0 ? coreHigh : high;
    BoundingBox box;
    box.x = first[0];
    box.y = first[1];
    box.z = first[2];
    box.width = last[0] - first[0] + 1;
    box.height = last[1] - first[1] + 1;
    box.depth = last[2] - first[2] + 1;
    box.score = anomalySum / static_cast<double>(voxels);
    box.maxScore = maximum;
    box.meanVariance = varianceSum / static_cast<double>(voxels);
    box.areaPx = voxels;
    return box;
  }
};

}  // namespace

std::vector<BoundingBox> VolumeComponents::find(const Image& anomaly, const Image& variance,
                                                float threshold, std::size_t minimumVoxels,
                                                std::optional<float> extentThreshold) {
  const float core = extentThreshold.value_or(threshold);
  const auto size = anomaly.geometry().size;
  const auto values = anomaly.voxels();
  std::vector<std::uint8_t> visited(values.size(), 0);
  std::vector<std::size_t> queue;
  std::vector<BoundingBox> boxes;
  const auto coordinates = [&](std::size_t i) {
    return std::array<std::size_t, 3>{i % size[0], (i / size[0]) % size[1],
                                      i / (size[0] * size[1])};
  };
  for (std::size_t seed = 0; seed < values.size(); ++seed) {
    if (visited[seed] || !(values[seed] > threshold)) continue;
    ComponentStats stats;
    queue.assign(1, seed);
    visited[seed] = 1;
    while (!queue.empty()) {
      const std::size_t current = queue.back();
      queue.pop_back();
      const auto at = coordinates(current);
      stats.add(at, values[current], variance.isEmpty() ? 0.0f : variance.voxels()[current],
                values[current] > core);
      for (int dz = -1; dz <= 1; ++dz) {
        for (int dy = -1; dy <= 1; ++dy) {
          for (int dx = -1; dx <= 1; ++dx) {
            const std::array<std::int64_t, 3> next = {static_cast<std::int64_t>(at[0]) + dx,
                                                      static_cast<std::int64_t>(at[1]) + dy,
                                                      static_cast<std::int64_t>(at[2]) + dz};
            bool inside = true;
            for (int a = 0; a < 3; ++a) {
              inside = inside && next[a] >= 0 && next[a] < static_cast<std::int64_t>(size[a]);
            }
            if (!inside) continue;
            const std::size_t index = anomaly.indexOf(static_cast<std::size_t>(next[0]),
                                                      static_cast<std::size_t>(next[1]),
                                                      static_cast<std::size_t>(next[2]));
            if (visited[index] || !(values[index] > threshold)) continue;
            visited[index] = 1;
            queue.push_back(index);
          }
        }
      }
    }
    if (stats.voxels >= minimumVoxels) boxes.push_back(stats.box());
  }
  return boxes;
}

}  // namespace anomadiff
