#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace anomadiff::fuzz {

/// A folder of one fuzzer process's own, for the readers that take a path instead of bytes (ITK's
/// readers, GDCM, ModelBundle). It lies in $ANOMADIFF_FUZZ_SCRATCH (set by tools/fuzz), else in
/// /dev/shm where there is one: a fuzzer writes thousands of files a second, which a disk would
/// slow down and wear. The folder carries the process id, so parallel fuzzers (-fork, -jobs, a
/// manual run beside tools/fuzz) never share files.
class FuzzScratch {
 public:
  /// The process's folder, created on first use and removed when the process exits normally (a
  /// crashing input leaves it for inspection).
  static const std::filesystem::path& folder();
  /// Writes `bytes` to `name` in folder(), replacing what was there; returns the file's path.
  static std::filesystem::path write(const std::string& name, std::string_view bytes);
  static std::filesystem::path write(const std::string& name, const std::uint8_t* data,
                                     std::size_t size);
  /// The sub-folder `name` of folder(), emptied: each input starts from a clean folder.
  static std::filesystem::path emptyFolder(const std::string& name);
};

}  // namespace anomadiff::fuzz
