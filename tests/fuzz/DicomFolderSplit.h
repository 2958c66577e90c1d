#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace anomadiff::fuzz {

/// One fuzz input as the files of a DICOM folder: the files' bytes joined by a separator line
/// that no DICOM file holds by chance. The fuzzer mutates all files at once, and the separator is
/// in the harness's dictionary, so mutations also split or join files.
class DicomFolderSplit {
 public:
  static constexpr std::string_view kSeparator = "\n--anomadiff-fuzz-next-dicom-file--\n";
  /// At most this many files; the rest of the input stays in the last one. Three slices already
  /// reach the series checks (spacing, gaps, duplicate positions), more only slow the fuzzer.
  static constexpr std::size_t kMaxFiles = 3;

  static std::vector<std::string_view> split(std::string_view input);
  /// The inverse of split(), for the seed writer.
  static std::string join(const std::vector<std::string>& files);
};

}  // namespace anomadiff::fuzz
