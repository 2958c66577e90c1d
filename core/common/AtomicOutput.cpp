#include "common/AtomicOutput.h"

#include "common/Error.h"

#include <unistd.h>
#include <atomic>
#include <system_error>

namespace anomadiff {
namespace {

std::filesystem::path temporaryBeside(const std::filesystem::path& target) {
  static std::atomic<unsigned> counter{0};
  const auto name = ".anomadiff-tmp-" + std::to_string(::getpid()) + "-" +
                    std::to_string(counter.fetch_add(1)) + "-" + target.filename().string();
  return target.parent_path() / name;
}

}  // namespace

AtomicOutput::AtomicOutput(std::filesystem::path target)
    : m_target(std::move(target)), m_temporary(temporaryBeside(m_target)) {
  if (m_target.filename().empty()) {
    throw IoError("output path '" + m_target.string() + "' has no file name");
  }
}

AtomicOutput::~AtomicOutput() {
  if (!m_committed) {
    std::error_code ignored;
    std::filesystem::remove_all(m_temporary, ignored);
  }
}

void AtomicOutput::commit() {
  std::error_code error;
  if (std::filesystem::is_directory(m_temporary) && std::filesystem::exists(m_target)) {
    // rename() cannot replace a non-empty folder; the old output goes only after the new is done.
    std::filesystem::remove_all(m_target, error);
  }
  std::filesystem::rename(m_temporary, m_target, error);
  if (error) {
    throw IoError("cannot move finished output to '" + m_target.string() + "': " + error.message());
  }
  m_committed = true;
}

}  // namespace anomadiff
