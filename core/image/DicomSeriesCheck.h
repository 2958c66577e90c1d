#pragma once
// Private to anomadiff_core.

#include "image/DicomSource.h"

#include <filesystem>

namespace anomadiff {

/// A DICOM series is stacked into a volume only when its slices make one: the same size and
/// orientation, distinct positions, and even spacing along the normal. ITK would stack a series
/// with a missing slice (closing the gap), duplicate positions or mixed orientations with only a
/// console warning, so the volume's geometry — and where a finding lies — would be wrong.
/// Throws IoError naming the folder and the problem.
class DicomSeriesCheck {
 public:
  /// `source.slices` in stacking order; `seriesFiles`: how many files of the folder share the
  /// series' instance UID (more than the slices: some were set apart for another size).
  static void verify(const std::filesystem::path& folder, const DicomSource& source,
                     std::size_t seriesFiles);
};

}  // namespace anomadiff
