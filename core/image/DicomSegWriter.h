#pragma once

#include "image/DicomSource.h"
#include "image/Image.h"

#include <filesystem>
#include <string>

namespace anomadiff {

/// Writes a binary mask as a DICOM Segmentation (SOP class 1.2.840.10008.5.1.4.1.1.66.4) of the
/// series it was computed from, so PACS viewers show it over the source images: one segment
/// "Anomaly", one bit-packed frame per source slice, each frame referencing its source image and
/// position, in the source's study and frame of reference.
class DicomSegWriter {
 public:
  /// `methodName` completes the segment's algorithm name, "AnomaDiff <method>".
  explicit DicomSegWriter(std::string methodName) : m_methodName(std::move(methodName)) {}

  /// Writes `mask` (voxels > 0 are anomalous; columns x rows x slices of `source`, slices in
  /// source order) to `path`, atomically.
  /// Throws InvalidArgument when the mask's size differs from the source's (nothing is written),
  /// IoError when the file cannot be written.
  void write(const DicomSource& source, const Image& mask, const std::filesystem::path& path) const;

 private:
  std::string m_methodName;
};

}  // namespace anomadiff
