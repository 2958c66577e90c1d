#pragma once

#include "localize/Localizer.h"

namespace anomadiff::plugins {

/// The simple baseline the seed says a diffusion method must beat: the anomaly score is the
/// distance of each brain voxel from the median brain intensity, |x - median(brain)|.
/// The brain is the given mask, or the non-zero voxels of a skull-stripped input.
class IntensityLocalizer final : public Localizer {
 public:
  std::string name() const override { return "intensity"; }
  std::string summary() const override;
  std::vector<ParameterSpec> parameters() const override;
  LocalizationMaps run(const Image& image, const Image* brainMask,
                       const LocalizerParameters& parameters, ProgressSink& progress,
                       const CancelToken& cancel) override;
};

}  // namespace anomadiff::plugins
