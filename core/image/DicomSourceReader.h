#pragma once
// Private to anomadiff_core.

#include "image/DicomSource.h"

#include <string>
#include <vector>

namespace anomadiff {

/// Reads the attributes a derived object needs (DicomSource) from the files of one series.
class DicomSourceReader {
 public:
  /// `files` in slice order. Throws IoError when a file cannot be parsed or lacks a SOP instance
  /// UID.
  static DicomSource read(const std::vector<std::string>& files);
};

}  // namespace anomadiff
