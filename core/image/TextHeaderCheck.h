#pragma once
// Private to anomadiff_core.

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

namespace anomadiff {

/// The text headers of MetaImage (.mha/.mhd) and NRRD, checked before ITK reads them: ITK turns
/// a negative size into a huge unsigned one, reports a zero size or spacing with a cut-off
/// message, and follows a data file path anywhere on the disk. Refused here: a dimension count
/// outside 1..16, negative or zero sizes, zero, negative or non-numeric spacings, a detached
/// data file that is absolute or leads out of the header's folder (a header from elsewhere must
/// not read other files), and MetaImage data file fields MetaIO mishandles (%-patterns, LIST
/// words of 80 characters or more).
/// Throws IoError naming the file and the problem; other files are left alone.
class TextHeaderCheck {
 public:
  static void verify(const std::filesystem::path& path);

  /// A MetaImage header as `verify` reads it: the "key = value" fields up to ElementDataFile and
  /// the byte after that line, where a LOCAL payload starts. Throws as `verify` does.
  struct MetaImageHeader {
    std::map<std::string, std::string> fields;
    std::uint64_t dataStart = 0;
  };
  static MetaImageHeader metaImageHeader(const std::filesystem::path& path);
};

}  // namespace anomadiff
