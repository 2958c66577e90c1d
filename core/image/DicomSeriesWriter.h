#pragma once

#include "image/Image.h"

#include <filesystem>
#include <string>

namespace anomadiff {

/// Writes a volume as a DICOM series (one int16 file per slice, with position, orientation and
/// spacing per slice) into a new folder, atomically. Voxels must be integers in the int16 range.
class DicomSeriesWriter {
 public:
  explicit DicomSeriesWriter(std::string modality = "MR") : m_modality(std::move(modality)) {}
  void write(const Image& image, const std::filesystem::path& folder) const;

 private:
  std::string m_modality;
};

}  // namespace anomadiff
