#include "preprocess/IntensityNormalizer.h"

#include "common/Error.h"
#include "preprocess/Percentiles.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

namespace anomadiff::preprocess {
namespace {

void refuseNonFinite(const Image& image) {
  if (const std::size_t count = image.nonFiniteCount(); count > 0) {
    throw InvalidArgument("image has " + std::to_string(count) + " NaN or infinite voxels");
  }
}

}  // namespace

IntensityNormalizer::IntensityNormalizer(double lowerValue, double upperValue, Options options)
    : m_lowerValue(lowerValue), m_upperValue(upperValue), m_options(options) {
  if (!std::isfinite(lowerValue) || !std::isfinite(upperValue) || !(upperValue > lowerValue)) {
    throw InvalidArgument("normalization intensities " + std::to_string(lowerValue) + " .. " +
                          std::to_string(upperValue) + " are not an increasing finite range");
  }
  if (!std::isfinite(options.outputLow) || !std::isfinite(options.outputHigh) ||
      options.outputLow == options.outputHigh) {
    throw InvalidArgument("normalization output range " + std::to_string(options.outputLow) +
                          " .. " + std::to_string(options.outputHigh) + " is empty");
  }
}

IntensityNormalizer IntensityNormalizer::fit(const Image& image, const Image& mask,
                                             Options options) {
  return fitMasked(image, &mask, options);
}

IntensityNormalizer IntensityNormalizer::fit(const Image& image, Options options) {
  return fitMasked(image, nullptr, options);
}

IntensityNormalizer IntensityNormalizer::fitMasked(const Image& image, const Image* mask,
                                                   Options options) {
  // Non-finite voxels anywhere are refused, not only inside the mask: normalize() would carry
  // them into the model.
  refuseNonFinite(image);
  if (!(options.lowerPercentile < options.upperPercentile)) {
    throw InvalidArgument("lower percentile " + std::to_string(options.lowerPercentile) +
                          " is not below the upper percentile " +
                          std::to_string(options.upperPercentile));
  }
  const std::array<double, 2> wanted{options.lowerPercentile, options.upperPercentile};
  const std::vector<double> values = maskedPercentiles(image, mask, wanted);
  if (!(values[1] > values[0])) {
    throw InvalidArgument("image intensities inside the mask are constant (" +
                          std::to_string(values[0]) + ") between the percentiles");
  }
  return IntensityNormalizer(values[0], values[1], options);
}

Image IntensityNormalizer::normalize(const Image& image) const {
  refuseNonFinite(image);
  const double scale = (m_options.outputHigh - static_cast<double>(m_options.outputLow)) /
                       (m_upperValue - m_lowerValue);
  const double lowest = std::min(m_options.outputLow, m_options.outputHigh);
  const double highest = std::max(m_options.outputLow, m_options.outputHigh);
  std::vector<float> voxels(image.voxelCount());
  for (std::size_t i = 0; i < voxels.size(); ++i) {
    double v = m_options.outputLow + (image.voxels()[i] - m_lowerValue) * scale;
    if (m_options.clip) v = std::clamp(v, lowest, highest);
    voxels[i] = static_cast<float>(v);
  }
  return Image(image.geometry(), std::move(voxels));
}

Image IntensityNormalizer::denormalize(const Image& normalized) const {
  refuseNonFinite(normalized);
  const double scale = (m_upperValue - m_lowerValue) /
                       (m_options.outputHigh - static_cast<double>(m_options.outputLow));
  std::vector<float> voxels(normalized.voxelCount());
  for (std::size_t i = 0; i < voxels.size(); ++i) {
    voxels[i] =
        static_cast<float>(m_lowerValue + (normalized.voxels()[i] - m_options.outputLow) * scale);
  }
  return Image(normalized.geometry(), std::move(voxels));
}

}  // namespace anomadiff::preprocess
