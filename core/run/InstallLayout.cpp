#include "run/InstallLayout.h"

#include <cstdlib>

namespace anomadiff::run {

std::filesystem::path InstallLayout::executableFolder() {
  return std::filesystem::read_symlink("/proc/self/exe").parent_path();
}

std::filesystem::path InstallLayout::pluginFolder() {
  // An explicit folder wins: tests and developers run plugins from elsewhere.
  if (const char* folder = std::getenv("ANOMADIFF_PLUGIN_DIR"); folder != nullptr && *folder) {
    return folder;
  }
  return (executableFolder() / ANOMADIFF_PLUGIN_RELATIVE_DIR).lexically_normal();
}

}  // namespace anomadiff::run

namespace anomadiff::run {

std::filesystem::path InstallLayout::defaultModelFolder() {
  if (const char* folder = std::getenv("ANOMADIFF_MODEL_DIR"); folder != nullptr && *folder)
    return folder;
  return (executableFolder() / ANOMADIFF_DATA_RELATIVE_DIR / "models" / "default")
      .lexically_normal();
}

std::filesystem::path InstallLayout::exampleImage() {
  return (executableFolder() / ANOMADIFF_DATA_RELATIVE_DIR / "examples" / "example.nii.gz")
      .lexically_normal();
}

}  // namespace anomadiff::run
