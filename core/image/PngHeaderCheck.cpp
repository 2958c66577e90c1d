#include "image/PngHeaderCheck.h"

#include "common/Error.h"

#include <png.h>

#include <csetjmp>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

namespace anomadiff {
namespace {

/// libpng's message, copied out before the long jump: nothing with a destructor may live in a
/// frame that png_longjmp leaves.
struct PngError {
  char text[256] = "unknown libpng error";
};

void onError(png_structp png, png_const_charp message) {
  auto* error = static_cast<PngError*>(png_get_error_ptr(png));
  std::snprintf(error->text, sizeof error->text, "%s", message);
  png_longjmp(png, 1);
}

// ITK's reader drops libpng's warnings too (e.g. a CRC error in an ancillary chunk).
void onWarning(png_structp, png_const_charp) {}

/// What ITK 5.2's PNGImageIO::ReadImageInformation asks of libpng, in the same order; false
/// with `error` set where libpng gave up.
bool readLikeItk(std::FILE* file, PngError& error) {
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &error, onError, onWarning);
  png_infop info = png != nullptr ? png_create_info_struct(png) : nullptr;
  if (info == nullptr) {
    png_destroy_read_struct(&png, nullptr, nullptr);
    std::snprintf(error.text, sizeof error.text, "out of memory");
    return false;
  }
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_read_struct(&png, &info, nullptr);
    return false;
  }
  png_init_io(png, file);
  png_read_info(png, info);
  const int colorType = png_get_color_type(png, info);
  if (colorType == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
  if (colorType == PNG_COLOR_TYPE_GRAY && png_get_bit_depth(png, info) < 8) {
    png_set_expand_gray_1_2_4_to_8(png);
  }
  if (png_get_valid(png, info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png);
  png_read_update_info(png, info);
  png_destroy_read_struct(&png, &info, nullptr);
  return true;
}

/// libpng allocates the length a chunk declares before reading it (1.8 GB for a 127-byte file
/// whose sCAL chunk claims that much), here and in ITK. No chunk is longer than the rest of
/// the file, so such a file is refused before libpng sees it.
void checkChunkLengths(const std::filesystem::path& path) {
  std::ifstream stream(path, std::ios::binary);
  const std::uint64_t fileSize = std::filesystem::file_size(path);
  std::uint64_t position = 8;  // after the signature
  unsigned char header[8];
  while (position + 8 <= fileSize && stream.seekg(static_cast<std::streamoff>(position)) &&
         stream.read(reinterpret_cast<char*>(header), 8)) {
    const std::uint64_t length =
        (std::uint64_t{header[0]} << 24) | (header[1] << 16) | (header[2] << 8) | header[3];
    if (length + 12 > fileSize - position) {
      throw IoError("cannot read image '" + path.string() + "': the PNG chunk at byte " +
                    std::to_string(position) + " claims " + std::to_string(length) +
                    " bytes, but only " + std::to_string(fileSize - position) +
                    " follow (cut or damaged file)");
    }
    if (std::memcmp(header + 4, "IEND", 4) == 0) return;
    position += 12 + length;
  }
}

}  // namespace

void PngHeaderCheck::verify(const std::filesystem::path& path) {
  checkChunkLengths(path);
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) throw IoError("cannot open image '" + path.string() + "'");
  PngError error;
  const bool readable = readLikeItk(file, error);
  std::fclose(file);
  if (!readable) {
    throw IoError("cannot read image '" + path.string() + "': damaged PNG header (" +
                  std::string(error.text) + ")");
  }
}

}  // namespace anomadiff
