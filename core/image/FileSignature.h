#pragma once
// Private to anomadiff_core.

#include <filesystem>
#include <string>

namespace anomadiff {

/// The image format a file's first bytes announce, whatever its name says: lets a refusal say
/// "a PNG named .nii" instead of "corrupt".
class FileSignature {
 public:
  /// "PNG", "JPEG", "gzip-compressed", "NIfTI", "DICOM", "NRRD", "MetaImage", or "" when the
  /// bytes announce none of them.
  static std::string formatOf(const std::filesystem::path& path);
};

}  // namespace anomadiff
