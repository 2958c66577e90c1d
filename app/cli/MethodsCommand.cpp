#include "cli/MethodsCommand.h"

#include "common/Error.h"
#include "localize/LocalizerRegistry.h"
#include "protocol/WorkerEvent.h"
#include "run/InstallLayout.h"
#include "run/MethodCatalog.h"
#include "run/MethodSetup.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace anomadiff::cli {
namespace {

void printText(const nlohmann::json& method, std::ostream& out) {
  out << method["name"].get<std::string>() << " — " << method["summary"].get<std::string>() << "\n";
  for (const auto& p : method["parameters"]) {
    out << "    --" << p["name"].get<std::string>();
    if (p.contains("choices")) {
      // A choice is set by name (`--set sampler=heun`); its value is the name's index.
      const auto& choices = p["choices"];
      std::string names;
      for (const auto& choice : choices)
        names += (names.empty() ? "" : "|") + choice.get<std::string>();
      const auto index = static_cast<std::size_t>(p["default"].get<double>());
      out << "  " << names << ", default "
          << (index < choices.size() ? choices[index].get<std::string>() : "?");
    } else {
      out << "  [" << p["minimum"] << " .. " << p["maximum"] << "], default " << p["default"];
    }
    out << ": " << p["help"].get<std::string>() << "\n";
  }
}

}  // namespace

CLI::App* MethodsCommand::addTo(CLI::App& app) {
  auto* command =
      app.add_subcommand("methods", "List the localization methods and their parameters");
  command->add_flag("--json", m_json, "Print JSON instead of text");
  command->add_option("--model", m_model,
                      "Model bundle whose stored defaults and calibration to show (default: the "
                      "embedded bundle)");
  return command;
}

int MethodsCommand::run(const CommandContext& context) const {
  std::ostream& out = context.out;
  std::ostream& err = context.err;
  const LocalizerRegistry registry(run::InstallLayout::pluginFolder());
  for (const auto& problem : registry.problems()) err << "warning: " << problem << "\n";
  if (registry.names().empty()) {
    throw IoError("no localization methods found in '" +
                  run::InstallLayout::pluginFolder().string() + "'");
  }
  const auto catalog =
      run::MethodCatalog::catalog(registry, run::MethodSetup::bundleDescription(m_model));
  const auto document = nlohmann::json::parse(protocol::encodeCatalog(catalog));
  if (m_json) {
    out << document["methods"].dump(2) << "\n";
  } else {
    for (const auto& method : document["methods"]) printText(method, out);
  }
  return 0;
}

}  // namespace anomadiff::cli
