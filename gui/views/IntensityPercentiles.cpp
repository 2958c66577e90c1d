#include "views/IntensityPercentiles.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace anomadiff::gui {

namespace {

constexpr std::size_t kMaxSamples = std::size_t{1} << 20;

}  // namespace

IntensityRange intensityPercentiles(const Image& image, double lowFraction, double highFraction) {
  const auto voxels = image.voxels();
  const std::size_t stride = std::max<std::size_t>(1, voxels.size() / kMaxSamples);
  std::vector<float> samples;
  samples.reserve(voxels.size() / stride + 1);
  for (std::size_t i = 0; i < voxels.size(); i += stride) {
    if (std::isfinite(voxels[i])) {
      samples.push_back(voxels[i]);
    }
  }
  if (samples.empty()) {
    return {};
  }
  const auto rankOf = [&](double fraction) {
    const double clamped = std::clamp(fraction, 0.0, 1.0);
    return static_cast<std::size_t>(std::lround(clamped * static_cast<double>(samples.size() - 1)));
  };
  const std::size_t lowRank = rankOf(lowFraction);
  const std::size_t highRank = rankOf(highFraction);
  // nth_element twice: O(n) instead of a full sort; the second call only searches above lowRank.
  std::nth_element(samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(lowRank),
                   samples.end());
  const double low = samples[lowRank];
  std::nth_element(samples.begin() + static_cast<std::ptrdiff_t>(lowRank),
                   samples.begin() + static_cast<std::ptrdiff_t>(std::max(lowRank, highRank)),
                   samples.end());
  const double high = samples[std::max(lowRank, highRank)];
  return {low, high};
}

IntensityRange intensityExtent(const Image& image) {
  bool any = false;
  float low = 0.0F;
  float high = 0.0F;
  for (const float value : image.voxels()) {
    if (!std::isfinite(value)) {
      continue;
    }
    if (!any) {
      low = high = value;
      any = true;
    } else {
      low = std::min(low, value);
      high = std::max(high, value);
    }
  }
  return {low, high};
}

}  // namespace anomadiff::gui
