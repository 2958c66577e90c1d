#pragma once
// Private to anomadiff_core.

#include <filesystem>

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
};

}  // namespace anomadiff
