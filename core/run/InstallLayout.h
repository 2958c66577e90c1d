#pragma once

#include <filesystem>

namespace anomadiff::run {

/// Where the running executable finds its plugins. The build tree mirrors the install tree
/// (bin/ beside lib/anomadiff/plugins), so the same relative path works in both.
class InstallLayout {
 public:
  static std::filesystem::path executableFolder();
  static std::filesystem::path pluginFolder();
  /// The embedded default model bundle (share/anomadiff/models/default).
  static std::filesystem::path defaultModelFolder();
  /// The bundled example slice (share/anomadiff/examples/example.nii.gz).
  static std::filesystem::path exampleImage();
};

}  // namespace anomadiff::run
