#include "localize/SliceConsistency.h"

#include "common/Error.h"

namespace anomadiff {
namespace {

constexpr float kCentreWeight = 0.5f;
constexpr float kNeighbourWeight = 0.25f;

}  // namespace

Image SliceConsistency::smoothed(const Image& anomaly, const Image& brain) {
  if (brain.geometry().size != anomaly.geometry().size) {
    throw InvalidArgument("slice consistency: the brain mask is not on the anomaly map's grid");
  }
  if (anomaly.depth() < 3) return anomaly;
  Image result = Image::filled(anomaly.geometry(), 0.0f);
  const std::size_t plane = anomaly.width() * anomaly.height();
  const auto map = anomaly.voxels();
  const auto inside = brain.voxels();
  auto out = result.voxels();
  for (std::size_t z = 0; z < anomaly.depth(); ++z) {
    for (std::size_t p = 0; p < plane; ++p) {
      const std::size_t i = z * plane + p;
      if (!(inside[i] > 0.0f)) continue;
      float sum = kCentreWeight * map[i];
      float weight = kCentreWeight;
      if (z > 0 && inside[i - plane] > 0.0f) {
        sum += kNeighbourWeight * map[i - plane];
        weight += kNeighbourWeight;
      }
      if (z + 1 < anomaly.depth() && inside[i + plane] > 0.0f) {
        sum += kNeighbourWeight * map[i + plane];
        weight += kNeighbourWeight;
      }
      out[i] = sum / weight;
    }
  }
  return result;
}

}  // namespace anomadiff
