#include "cli/MethodsCommand.h"

#include "cli/InstallLayout.h"
#include "common/Error.h"
#include "localize/LocalizerRegistry.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace anomadiff::cli {
namespace {

nlohmann::json describe(const Localizer& method) {
  nlohmann::json parameters = nlohmann::json::array();
  for (const auto& spec : method.parameters()) {
    parameters.push_back({{"name", spec.name},
                          {"label", spec.label},
                          {"help", spec.help},
                          {"minimum", spec.minimum},
                          {"maximum", spec.maximum},
                          {"default", spec.defaultValue},
                          {"integer", spec.isInteger}});
  }
  return {{"name", method.name()}, {"summary", method.summary()}, {"parameters", parameters}};
}

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
}

int MethodsCommand::run(std::ostream& out, std::ostream& err) const {
  const LocalizerRegistry registry(InstallLayout::pluginFolder());
  for (const auto& problem : registry.problems()) err << "warning: " << problem << "\n";
  if (registry.names().empty()) {
    throw IoError("no localization methods found in '" + InstallLayout::pluginFolder().string() +
                  "'");
  }
  nlohmann::json methods = nlohmann::json::array();
  for (const auto& name : registry.names()) methods.push_back(describe(*registry.create(name)));
  if (m_json) {
    out << methods.dump(2) << "\n";
  } else {
    for (const auto& method : methods) printText(method, out);
  }
  return 0;
}

}  // namespace anomadiff::cli
