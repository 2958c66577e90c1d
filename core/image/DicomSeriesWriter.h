#pragma once

#include "image/Image.h"

#include <filesystem>
#include <string>

namespace anomadiff {

/// Writes a volume as a DICOM series (one int16 file per slice, with position, orientation and
/// spacing per slice, one study, series and frame of reference) into a new folder, atomically.
/// Voxels must be integers in the int16 range.
class DicomSeriesWriter {
 public:
  explicit DicomSeriesWriter(std::string modality = "MR") : m_modality(std::move(modality)) {}
  /// Patient name (PN, "Family^Given") and ID for every slice; empty (type 2) by default.
  DicomSeriesWriter& patient(std::string name, std::string id) {
    m_patientName = std::move(name);
    m_patientId = std::move(id);
    return *this;
  }
  void write(const Image& image, const std::filesystem::path& folder) const;

 private:
  std::string m_modality;
  std::string m_patientName;
  std::string m_patientId;
};

}  // namespace anomadiff
