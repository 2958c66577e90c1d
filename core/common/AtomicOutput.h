#pragma once

#include <filesystem>

namespace anomadiff {

/// A temporary path beside an output file (or folder) that becomes the output only on commit():
/// readers never see a half-written export, and a failed export leaves the old file untouched.
/// The temporary keeps the target's file name as suffix so writers that pick the format from the
/// extension (ITK, Qt) still do. Throws IoError when the target is an existing input-like path
/// that must not be replaced (see refuseOverwrite) or the rename fails.
class AtomicOutput {
 public:
  explicit AtomicOutput(std::filesystem::path target);
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  const std::filesystem::path& temporaryPath() const { return m_temporary; }
  const std::filesystem::path& targetPath() const { return m_target; }
  /// Renames the temporary onto the target (replacing an older output).
  void commit();

 private:
  std::filesystem::path m_target;
  std::filesystem::path m_temporary;
  bool m_committed = false;
};

}  // namespace anomadiff
