#include "localize/IntensityClassResponse.h"

#include "common/Error.h"
#include "preprocess/Percentiles.h"

namespace anomadiff {

void IntensityClassResponse::add(const Image& image, const Image& brain, const Image& anomaly,
                                 double threshold) {
  if (brain.voxelCount() != image.voxelCount() || anomaly.voxelCount() != image.voxelCount()) {
    throw InvalidArgument(
        "intensity classes need the image, brain mask and anomaly map on one grid");
  }
  std::size_t brainPixels = 0;
  for (const float inside : brain.voxels()) brainPixels += inside > 0.0f;
  if (brainPixels == 0) return;
  constexpr double kTails[] = {kTailPercentile, 100.0 - kTailPercentile};
  const auto bounds = preprocess::maskedPercentiles(image, &brain, kTails);
  for (std::size_t i = 0; i < image.voxelCount(); ++i) {
    if (!(brain.voxels()[i] > 0.0f)) continue;
    const double value = image.voxels()[i];
    const auto tissue = value < bounds[0]   ? Tissue::darkest
                        : value > bounds[1] ? Tissue::brightest
                                            : Tissue::middle;
    ++m_pixels[index(tissue)];
    m_above[index(tissue)] += anomaly.voxels()[i] > threshold;
  }
}

double IntensityClassResponse::shareAbove(Tissue tissue) const {
  const auto counted = m_pixels[index(tissue)];
  return counted > 0 ? static_cast<double>(m_above[index(tissue)]) / static_cast<double>(counted)
                     : 0.0;
}

}  // namespace anomadiff
