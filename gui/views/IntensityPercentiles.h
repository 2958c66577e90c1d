#pragma once

#include "image/Image.h"

namespace anomadiff::gui {

/// Intensities at two percentiles of an image, used for automatic window/level and transfer
/// functions: percentiles ignore the few hot voxels that would otherwise darken everything.
struct IntensityRange {
  double low = 0.0;
  double high = 0.0;

  double width() const { return high - low; }
};

/// The intensities at `lowFraction` and `highFraction` (each in [0, 1]) of the finite voxels.
/// Large images are subsampled with a regular stride (at most ~1M samples): the result is for
/// display, and an exact sort of a 256^3 volume would stall the GUI. Returns {0, 0} for an empty
/// image or one without finite voxels.
IntensityRange intensityPercentiles(const Image& image, double lowFraction, double highFraction);

/// The smallest and largest finite voxel values; {0, 0} when there are none.
IntensityRange intensityExtent(const Image& image);

}  // namespace anomadiff::gui
