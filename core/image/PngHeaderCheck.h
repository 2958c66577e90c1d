#pragma once
// Private to anomadiff_core.

#include <filesystem>

namespace anomadiff {

/// ITK 5.2's PNGImageIO reads a PNG's header (png_read_info) without a libpng error handler, so
/// libpng aborts the whole process on a damaged or cut header: an invalid chunk, a CRC error in
/// IHDR, a file that ends before the image data (ITK 5.3 sets the handler). This check reads the
/// header as ITK does, under a handler, and refuses such a file before ITK sees it; also a chunk
/// that claims more bytes than the file holds, for which libpng would allocate up to 2 GB.
/// Throws IoError naming the file and the reason.
class PngHeaderCheck {
 public:
  static void verify(const std::filesystem::path& path);
};

}  // namespace anomadiff
