#pragma once

#include "localize/LocalizationMaps.h"
#include "preprocess/PreparedScan.h"

namespace anomadiff {

/// A method's maps, computed in model space, on the scan's own grid: anomaly and variance
/// interpolated (0 outside what the model space covers), the pseudo-healthy image taken from
/// the reconstruction inside the brain and from the scan itself elsewhere, so the skull and
/// everything the model never saw stay as they were.
class NativeMaps {
 public:
  /// `scan` is the image PreparedScan was made from. Throws InvalidArgument for maps that are
  /// not on the prepared image's grid.
  static LocalizationMaps of(const LocalizationMaps& modelMaps,
                             const preprocess::PreparedScan& prepared, const Image& scan);
  /// The pseudo-healthy image alone, as `of` makes it (a running job's preview).
  static Image pseudoHealthy(const Image& modelPseudoHealthy,
                             const preprocess::PreparedScan& prepared, const Image& scan);
};

}  // namespace anomadiff
