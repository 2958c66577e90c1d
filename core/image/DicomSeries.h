#pragma once
// No ITK types here. Images are read through ImageReader (it checks the memory budget); the CLI
// uses find().source() only, to reference a DICOM input from its SEG export.

#include "image/DicomSource.h"
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
  /// The attributes a derived object (DICOM SEG) copies or references, slices in read() order.
  /// Throws IoError when a file's attributes cannot be read.
  DicomSource source() const;

 private:
  std::filesystem::path m_folder;
  std::vector<std::string> m_files;
  ImageHeader m_header;
};

}  // namespace anomadiff
