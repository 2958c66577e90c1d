#pragma once

#include "dicom/DicomResult.h"

#include <filesystem>

namespace anomadiff {

/// A `localize` result folder of a DICOM series input, read back for `export-dicom`: the
/// findings (boxes.json, with any review a GUI export wrote), the maps and the mask, and the
/// source series that boxes.json's provenance names.
class DicomResultFolder {
 public:
  /// `series` overrides the input recorded in boxes.json (the series moved since the run).
  /// Throws IoError naming the file when one is missing or unreadable, InvalidArgument when the
  /// input was no DICOM folder or the maps are not on the series' grid.
  static DicomResult load(const std::filesystem::path& folder,
                          const std::filesystem::path& series = {});
};

}  // namespace anomadiff
