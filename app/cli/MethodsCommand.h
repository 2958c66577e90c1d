#pragma once

#include "cli/Command.h"

#include <filesystem>
#include <optional>
#include <ostream>

namespace CLI {
class App;
}

namespace anomadiff::cli {

/// `anomadiff-cli methods [--json]`: the localization methods found in the plugin folder, with
/// their parameters (name, range, default, help).
class MethodsCommand final : public Command {
 public:
  CLI::App* addTo(CLI::App& app) override;
  int run(const CommandContext& context) const override;

 private:
  bool m_json = false;
  std::optional<std::filesystem::path> m_model;
};

}  // namespace anomadiff::cli
