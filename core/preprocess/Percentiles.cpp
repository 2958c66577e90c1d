#include "preprocess/Percentiles.h"

#include "common/Error.h"
#include "preprocess/SizeCheck.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace anomadiff::preprocess {
std::vector<double> maskedPercentiles(const Image& image, const Image* mask,
                                      std::span<const double> percentiles) {
  if (mask != nullptr) requireSize(*mask, image.geometry(), "mask");
  std::vector<float> values;
  values.reserve(image.voxelCount());
  std::size_t nonFinite = 0;
  for (std::size_t i = 0; i < image.voxelCount(); ++i) {
    if (mask != nullptr && !(mask->voxels()[i] > 0.0f)) continue;
    const float v = image.voxels()[i];
    if (!std::isfinite(v)) {
      ++nonFinite;
      continue;
    }
    values.push_back(v);
  }
  if (nonFinite > 0) {
    throw InvalidArgument("image has " + std::to_string(nonFinite) +
                          " NaN or infinite voxels inside the mask");
  }
  if (values.empty()) throw InvalidArgument("mask is empty: no voxel is > 0");
  return percentilesOf(values, percentiles);
}

std::vector<double> percentilesOf(std::vector<float>& values, std::span<const double> percentiles) {
  if (values.empty()) throw InvalidArgument("percentiles of no values");
  std::vector<double> result;
  for (double p : percentiles) {
    if (!(p >= 0.0 && p <= 100.0)) {
      throw InvalidArgument("percentile " + std::to_string(p) + " is outside [0, 100]");
    }
    // nth_element per request: two order statistics each, O(n) instead of a full sort.
    const double position = p / 100.0 * static_cast<double>(values.size() - 1);
    const auto below = static_cast<std::size_t>(std::floor(position));
    const std::size_t above = std::min(below + 1, values.size() - 1);
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(below),
                     values.end());
    const double low = values[below];
    double high = low;
    if (above != below) {
      high = *std::min_element(values.begin() + static_cast<std::ptrdiff_t>(above), values.end());
    }
    result.push_back(low + (position - static_cast<double>(below)) * (high - low));
  }
  return result;
}

}  // namespace anomadiff::preprocess
