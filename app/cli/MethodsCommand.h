#pragma once

#include <filesystem>
#include <optional>
#include <ostream>

namespace CLI {
class App;
}

namespace anomadiff::cli {

/// `anomadiff-cli methods [--json]`: the localization methods found in the plugin folder, with
/// their parameters (name, range, default, help).
class MethodsCommand {
 public:
  void addTo(CLI::App& app);
  int run(std::ostream& out, std::ostream& err) const;

 private:
  bool m_json = false;
  std::optional<std::filesystem::path> m_model;
};

}  // namespace anomadiff::cli
