#pragma once

#include <filesystem>

namespace anomadiff::cli {

/// Where the running executable finds its plugins. The build tree mirrors the install tree
/// (bin/ beside lib/anomadiff/plugins), so the same relative path works in both.
class InstallLayout {
 public:
  static std::filesystem::path executableFolder();
  static std::filesystem::path pluginFolder();
};

}  // namespace anomadiff::cli
