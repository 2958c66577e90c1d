#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace anomadiff::run {

/// An input is never overwritten: refuse a run whose output folder would replace one.
class OutputGuard {
 public:
  /// Throws IoError when `folder / name` (for any of `names`) is one of `inputs` (empty
  /// paths are ignored), and when `folder` exists as something other than a folder. Works
  /// before the folder exists and for relative paths.
  static void refuseInputs(const std::filesystem::path& folder,
                           const std::vector<std::string>& names,
                           const std::vector<std::filesystem::path>& inputs);
};

}  // namespace anomadiff::run
