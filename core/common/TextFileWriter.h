#pragma once

#include <filesystem>
#include <string_view>

namespace anomadiff {

/// Writes a whole text file atomically (temporary file, flush, check, rename): either the old
/// file stays or the complete new one is there. Throws IoError naming the path on failure.
class TextFileWriter {
 public:
  void write(const std::filesystem::path& path, std::string_view text) const;
};

}  // namespace anomadiff
