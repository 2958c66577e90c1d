#pragma once

#include <string>

namespace anomadiff {

/// New DICOM UIDs for the objects AnomaDiff writes.
class DicomUid {
 public:
  /// "2.25." + the decimal value of a random 128-bit UUID (PS3.5 B.2): unique without an
  /// organisation root of our own.
  static std::string generate();
};

}  // namespace anomadiff
