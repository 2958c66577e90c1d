#pragma once
// Private to anomadiff_core.

#include "image/Image.h"
#include "image/ImageHeader.h"

#include <filesystem>
#include <string>
#include <vector>

namespace anomadiff {

/// The largest DICOM series in a folder, its files sorted along the slice normal.
class DicomSeries {
 public:
  /// Throws IoError when the folder holds no readable DICOM series.
  static DicomSeries find(const std::filesystem::path& folder);

  const ImageHeader& header() const { return m_header; }
  Image read() const;

 private:
  std::filesystem::path m_folder;
  std::vector<std::string> m_files;
  ImageHeader m_header;
};

}  // namespace anomadiff
