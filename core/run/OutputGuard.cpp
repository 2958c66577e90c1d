#include "run/OutputGuard.h"

#include "common/Error.h"

namespace anomadiff::run {

void OutputGuard::refuseInputs(const std::filesystem::path& folder,
                               const std::vector<std::string>& names,
                               const std::vector<std::filesystem::path>& inputs) {
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
