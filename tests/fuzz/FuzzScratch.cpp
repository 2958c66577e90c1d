#include "FuzzScratch.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace anomadiff::fuzz {
namespace {

std::filesystem::path scratchRoot() {
  // tools/fuzz names a folder per run, which it removes with the folders of killed processes.
  if (const char* root = std::getenv("ANOMADIFF_FUZZ_SCRATCH")) return root;
  std::error_code error;
  if (std::filesystem::is_directory("/dev/shm", error)) return "/dev/shm";
  return std::filesystem::temp_directory_path();
}

/// Owns the folder: created in the constructor, removed by the destructor at a normal exit.
class ScratchFolder {
 public:
  ScratchFolder() : m_path(scratchRoot() / ("anomadiff-fuzz-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(m_path);
    std::filesystem::create_directories(m_path);
  }
  ~ScratchFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
  }
  const std::filesystem::path& path() const { return m_path; }

 private:
  std::filesystem::path m_path;
};

}  // namespace

const std::filesystem::path& FuzzScratch::folder() {
  static const ScratchFolder scratch;
  return scratch.path();
}

std::filesystem::path FuzzScratch::write(const std::string& name, std::string_view bytes) {
  const auto path = folder() / name;
  std::ofstream stream(path, std::ios::binary | std::ios::trunc);
  stream.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  stream.close();
  // A harness that cannot write its input would fuzz nothing: stop loudly instead.
  if (!stream) {
    std::fprintf(stderr, "FuzzScratch: cannot write %s\n", path.c_str());
    std::abort();
  }
  return path;
}

std::filesystem::path FuzzScratch::write(const std::string& name, const std::uint8_t* data,
                                         std::size_t size) {
  return write(name, std::string_view(reinterpret_cast<const char*>(data), size));
}

std::filesystem::path FuzzScratch::emptyFolder(const std::string& name) {
  const auto path = folder() / name;
  std::filesystem::remove_all(path);
  std::filesystem::create_directories(path);
  return path;
}

}  // namespace anomadiff::fuzz
