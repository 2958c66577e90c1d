#pragma once

#include <cstddef>
#include <string>

namespace anomadiff {

/// PNG encoding through Qt's image writer: OpenCV's imgcodecs would pull GDAL and ~140 more
/// libraries into every process that links the report library, the GUI included.
class PngEncoder {
 public:
  /// 8-bit BGR pixels, `stride` bytes per row → PNG bytes. Throws IoError if encoding fails.
  static std::string encodeBgr(const unsigned char* pixels, int width, int height,
                               std::size_t stride);
};

}  // namespace anomadiff
