#pragma once

#include "image/Image.h"

namespace anomadiff {

/// A scan's anomaly map brought to the level the thresholds were calibrated at. A scanner,
/// protocol or subject the model never saw lifts the residual of *healthy* tissue everywhere
/// (KmeansTest's healthy median is 1.5× Colin27's), so a calibrated threshold flags a fifth of
/// its brain and the lesion drowns in one component. Most of a brain is healthy, so the map's
/// median inside the brain measures that level; a map above the calibration's healthy median is
/// divided by the ratio, never multiplied up (a quieter scan keeps the calibrated sensitivity).
struct MapLevel {
  double scanMedian = 0.0;        ///< the map's median inside the brain
  double calibratedMedian = 0.0;  ///< the healthy calibration slices' median (0: unknown)
  double divisor = 1.0;           ///< max(1, scanMedian / calibratedMedian); 1 when unknown

  /// `calibratedMedian` ≤ 0 leaves the divisor at 1 (bundles calibrated before the median).
  static MapLevel measure(const Image& anomaly, const Image& brain, double calibratedMedian);
  /// Divides `anomaly` by the divisor.
  void apply(Image& anomaly) const;
};

}  // namespace anomadiff
