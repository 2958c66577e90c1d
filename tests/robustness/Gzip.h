#pragma once

#include <zlib.h>

#include <filesystem>
#include <stdexcept>
#include <string>

namespace anomadiff::test {

/// gzip in memory (what .nii.gz holds) and out of a file, with zlib.
class Gzip {
 public:
  static std::string compress(const std::string& bytes) {
    z_stream stream{};
    // 15 + 16: a gzip wrapper instead of zlib's.
    if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
        Z_OK)
      throw std::runtime_error("deflateInit2 failed");
    std::string packed(deflateBound(&stream, bytes.size()), '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    stream.avail_in = static_cast<uInt>(bytes.size());
    stream.next_out = reinterpret_cast<Bytef*>(packed.data());
    stream.avail_out = static_cast<uInt>(packed.size());
    const int status = deflate(&stream, Z_FINISH);
    packed.resize(stream.total_out);
    deflateEnd(&stream);
    if (status != Z_STREAM_END) throw std::runtime_error("deflate failed");
    return packed;
  }

  /// The whole decompressed content; empty if the file cannot be read.
  static std::string readFile(const std::filesystem::path& path) {
    gzFile file = gzopen(path.c_str(), "rb");
    if (!file) return {};
    std::string bytes;
    char buffer[1 << 16];
    int count = 0;
    while ((count = gzread(file, buffer, sizeof buffer)) > 0) bytes.append(buffer, count);
    gzclose(file);
    return bytes;
  }
};

}  // namespace anomadiff::test
