#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace anomadiff::engine {

/// SHA-256 (FIPS 180-4), written here so bundle hashes need no crypto library. Model bundles
/// record the hash of every weights file and refuse files whose hash differs.
class Sha256 {
 public:
  Sha256();

  void update(const void* data, std::size_t size);
  void update(std::string_view text) { update(text.data(), text.size()); }
  /// The digest as 64 lowercase hex digits. The object must not be updated afterwards.
  std::string finishHex();

  static std::string ofText(std::string_view text);
  /// Streams the file in blocks; throws IoError naming the file when it cannot be read.
  static std::string ofFile(const std::filesystem::path& path);

 private:
  void compress(const std::uint8_t* block);

  std::array<std::uint32_t, 8> m_state;
  std::array<std::uint8_t, 64> m_block{};
  std::size_t m_blockSize = 0;
  std::uint64_t m_totalBytes = 0;
  bool m_finished = false;
};

}  // namespace anomadiff::engine
