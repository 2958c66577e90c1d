#include "run/OutputGuard.h"

#include "common/Error.h"

namespace anomadiff::run {
namespace {

std::filesystem::path resolved(const std::filesystem::path& path) {
  return std::filesystem::weakly_canonical(std::filesystem::absolute(path));
}

bool isOneOf(const std::filesystem::path& path, const std::vector<std::filesystem::path>& inputs) {
  for (const auto& input : inputs) {
    if (!input.empty() && resolved(input) == resolved(path)) return true;
  }
  return false;
}

}  // namespace

void OutputGuard::refuseInputs(const std::filesystem::path& folder,
                               const std::vector<std::string>& names,
                               const std::vector<std::filesystem::path>& inputs) {
  // Checked first: creating the folder would otherwise fail with the library's "Not a directory".
  if (std::filesystem::exists(folder) && !std::filesystem::is_directory(folder)) {
    throw IoError("output folder '" + folder.string() + "' exists and is not a folder" +
                  (isOneOf(folder, inputs) ? " (it is the input)" : ""));
  }
  for (const auto& input : inputs) {
    if (input.empty()) continue;
    const auto inputPath = std::filesystem::weakly_canonical(std::filesystem::absolute(input));
    for (const auto& name : names) {
      const auto output =
          std::filesystem::weakly_canonical(std::filesystem::absolute(folder / name));
      if (output == inputPath) {
        throw IoError("output '" + (folder / name).string() + "' would overwrite the input '" +
                      input.string() + "'");
      }
    }
  }
}

}  // namespace anomadiff::run
