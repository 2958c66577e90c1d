#include "cli/MethodsCommand.h"

#include "cli/InstallLayout.h"
#include "cli/MethodCatalog.h"
#include "cli/MethodOptions.h"
#include "common/Error.h"
#include "localize/LocalizerRegistry.h"
#include "protocol/WorkerEvent.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace anomadiff::cli {
namespace {

void printText(const nlohmann::json& method, std::ostream& out) {
  out << method["name"].get<std::string>() << " — " << method["summary"].get<std::string>() << "\n";
  for (const auto& p : method["parameters"]) {
    out << "    --" << p["name"].get<std::string>() << "  [" << p["minimum"] << " .. "
        << p["maximum"] << "], default " << p["default"] << ": " << p["help"].get<std::string>()
        << "\n";
  }
}

}  // namespace

void MethodsCommand::addTo(CLI::App& app) {
  auto* command =
      app.add_subcommand("methods", "List the localization methods and their parameters");
  command->add_flag("--json", m_json, "Print JSON instead of text");
  command->add_option("--model", m_model,
                      "Model bundle whose stored defaults and calibration to show (default: the "
                      "embedded bundle)");
}

int MethodsCommand::run(std::ostream& out, std::ostream& err) const {
  const LocalizerRegistry registry(InstallLayout::pluginFolder());
  for (const auto& problem : registry.problems()) err << "warning: " << problem << "\n";
  if (registry.names().empty()) {
    throw IoError("no localization methods found in '" + InstallLayout::pluginFolder().string() +
                  "'");
  }
  const auto catalog = MethodCatalog::catalog(registry, MethodOptions::bundleDescription(m_model));
  const auto document = nlohmann::json::parse(protocol::encodeCatalog(catalog));
  if (m_json) {
    out << document["methods"].dump(2) << "\n";
  } else {
    for (const auto& method : document["methods"]) printText(method, out);
  }
  return 0;
}

}  // namespace anomadiff::cli
