#include "cli/WorkerPreviewFolder.h"

#include <cerrno>
#include <csignal>
#include <string>
#include <system_error>

#include <unistd.h>

namespace anomadiff::cli {

namespace {

const std::string kPrefix = "anomadiff-worker-";

/// The pid in "anomadiff-worker-<pid>", or 0 when the name is not one of ours.
pid_t pidOfFolderName(const std::string& name) {
  if (name.rfind(kPrefix, 0) != 0 || name.size() == kPrefix.size()) return 0;
  const std::string digits = name.substr(kPrefix.size());
  if (digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 9) return 0;
  return static_cast<pid_t>(std::stol(digits));
}

bool isRunning(pid_t pid) {
  // Signal 0 only checks: EPERM means it exists but belongs to someone else.
  return ::kill(pid, 0) == 0 || errno == EPERM;
}

}  // namespace

WorkerPreviewFolder::WorkerPreviewFolder() {
  std::error_code error;
  const std::filesystem::path parent = std::filesystem::temp_directory_path(error);
  if (error) return;
  m_path = parent / (kPrefix + std::to_string(::getpid()));
  removeFoldersOfEndedWorkers(parent);
}

WorkerPreviewFolder::~WorkerPreviewFolder() {
  if (m_path.empty()) return;
  std::error_code ignored;
  std::filesystem::remove_all(m_path, ignored);
}

std::filesystem::path WorkerPreviewFolder::nextFile() {
  if (m_path.empty()) return {};
  std::error_code error;
  std::filesystem::create_directories(m_path, error);
  if (error) return {};
  // Uncompressed: a whole volume is written in a fraction of the time gzip takes.
  return m_path / ("preview-" + std::to_string(++m_files) + ".nii");
}

void WorkerPreviewFolder::removeFoldersOfEndedWorkers(const std::filesystem::path& parent) {
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(parent, error)) {
    const pid_t pid = pidOfFolderName(entry.path().filename().string());
    if (pid <= 0 || pid == ::getpid() || isRunning(pid)) continue;
    std::error_code ignored;
    if (entry.is_directory(ignored)) std::filesystem::remove_all(entry.path(), ignored);
  }
}

}  // namespace anomadiff::cli
