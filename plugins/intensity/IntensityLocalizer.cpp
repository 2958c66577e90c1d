#include "IntensityLocalizer.h"

#include "common/Error.h"
#include "preprocess/BrainMask.h"
#include "preprocess/Percentiles.h"

#include <algorithm>
#include <cmath>

namespace anomadiff::plugins {
namespace {

std::vector<bool> insideOf(const Image& mask) {
  std::vector<bool> inside(mask.voxelCount());
  std::transform(mask.voxels().begin(), mask.voxels().end(), inside.begin(),
                 [](float v) { return v > 0.5f; });
  if (std::none_of(inside.begin(), inside.end(), [](bool b) { return b; })) {
    throw InvalidArgument("the brain region is empty (all-zero image or mask)");
  }
  return inside;
}

/// Half the brain's 1-99 percentile spread: dividing by it puts the baseline's scores on the
/// diffusion methods' scale (brain mapped to [-1, 1]), so one threshold transfers between
/// subjects with different raw intensities. A constant brain keeps raw units.
float intensityScale(const Image& image, const Image& mask) {
  constexpr double kPercentiles[] = {1.0, 99.0};
  const auto bounds = preprocess::maskedPercentiles(image, &mask, kPercentiles);
  const auto spread = static_cast<float>((bounds[1] - bounds[0]) / 2.0);
  return spread > 0.0f ? spread : 1.0f;
}

float medianInside(const Image& image, const std::vector<bool>& inside) {
  std::vector<float> values;
  for (std::size_t i = 0; i < inside.size(); ++i) {
    if (inside[i]) values.push_back(image.voxels()[i]);
  }
  const auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
  std::nth_element(values.begin(), middle, values.end());
  return *middle;
}

}  // namespace

std::string IntensityLocalizer::summary() const {
  return "baseline: |x - median of brain| (no model)";
}

std::vector<ParameterSpec> IntensityLocalizer::parameters() const {
  return {
      {"polarity", "Polarity", "1: bright anomalies only, -1: dark only, 0: both", -1, 1, 0, true},
      {"normalize", "Normalize",
       "1: scores in units of half the brain's 1-99 percentile spread; 0: raw intensities", 0, 1, 1,
       true}};
}

LocalizationMaps IntensityLocalizer::run(const Image& image, const Image* brainMask,
                                         const LocalizerParameters& parameters,
                                         ProgressSink& progress, const CancelToken& cancel) {
  parameters.validate(this->parameters());
  if (image.nonFiniteCount() > 0) {
    throw InvalidArgument("input has " + std::to_string(image.nonFiniteCount()) +
                          " NaN or infinite voxels");
  }
  if (cancel.isCancelled()) throw Cancelled();
  const int polarity = parameters.has("polarity") ? parameters.getInt("polarity") : 0;
  const Image mask = preprocess::BrainMask::forImage(image, brainMask);
  const auto inside = insideOf(mask);
  const float median = medianInside(image, inside);
  const float scale = parameters.has("normalize") && parameters.getInt("normalize") == 0
                          ? 1.0f
                          : intensityScale(image, mask);
  LocalizationMaps maps{image, Image::filled(image.geometry(), 0.0f),
                        Image::filled(image.geometry(), 0.0f)};
  for (std::size_t i = 0; i < inside.size(); ++i) {
    if (!inside[i]) continue;
    const float difference = (image.voxels()[i] - median) / scale;
    maps.pseudoHealthy.voxels()[i] = median;
    maps.anomalyMap.voxels()[i] =
        polarity == 0 ? std::fabs(difference) : std::max(0.0f, polarity * difference);
  }
  progress.progress(1, 1, "intensity");
  return maps;
}

}  // namespace anomadiff::plugins
