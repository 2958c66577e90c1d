#pragma once

#include "cli/Command.h"

#include <filesystem>
#include <ostream>

namespace CLI {
class App;
}

namespace anomadiff::cli {

/// `anomadiff-cli info INPUT [--json]`: reads an image and prints its geometry, stored type,
/// intensity range and the number of NaN/infinite voxels. A quick check that a file is usable.
class InfoCommand final : public Command {
 public:
  CLI::App* addTo(CLI::App& app) override;
  int run(const CommandContext& context) const override;

 private:
  std::filesystem::path m_input;
  bool m_json = false;
};

}  // namespace anomadiff::cli
