#pragma once
// Private to anomadiff_core.

#include <filesystem>

namespace anomadiff {

/// What ITK's NIfTI reader (nifticlib) repairs silently, refused before the voxels are read: a
/// negative or zero size (read as an empty or huge axis), a zero or NaN spacing (read as 1), a
/// sheared sform, complex or RGB voxels (read as garbage or as luminance), NaN or infinite float
/// voxels (nifticlib replaces them with 0, so the map would show healthy tissue there). Also what
/// makes ITK fail without a word: a NaN or infinite vox_offset, a qform or sform entry that is
/// NaN, infinite or beyond ±1e9 (ITK's vnl_svd aborts the process or loops for minutes), and a
/// NIfTI-1 magic (n+1 … n+9) with a sizeof_hdr other than 348. NIfTI-1 headers in either byte
/// order, plain or gzipped; of NIfTI-2 only a truncated header and such spacings and transforms.
/// Throws IoError naming the file and the problem.
class NiftiHeaderCheck {
 public:
  /// The header's fields; with `voxels` also the float payload (one pass over the file).
  static void verify(const std::filesystem::path& path, bool voxels);
};

}  // namespace anomadiff
