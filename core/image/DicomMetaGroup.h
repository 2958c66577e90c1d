#pragma once
// Private to anomadiff_core.

#include <filesystem>
#include <optional>
#include <string>

namespace anomadiff {

/// The file meta group (0002,xxxx) of a DICOM file, read as GDCM reads it: explicit VR little
/// endian, after the preamble and "DICM" or at byte 0. DCMTK takes an element whose VR is none
/// of DICOM's as "non-standard" and reads on; GDCM fails an assertion on it
/// (gdcmFileMetaInformation.cxx:436), which aborts the process.
class DicomMetaGroup {
 public:
  /// What in the meta group GDCM cannot read, or nothing (also for a file without one).
  static std::optional<std::string> problemOf(const std::filesystem::path& file);
};

}  // namespace anomadiff
