#include "cli/MethodCatalog.h"

#include "cli/MethodOptions.h"
#include "cli/ThresholdChoice.h"

namespace anomadiff::cli {
namespace {

nlohmann::json calibrationOf(const nlohmann::json& bundle, const std::string& method) {
  nlohmann::json calibration = nlohmann::json::object();
  const auto* entry = ThresholdChoice::calibrationEntry(bundle, method);
  if (entry == nullptr) return calibration;
  for (const char* key : {"fpr_1", "fpr_5", "peak_5"}) {
    if (entry->contains(key) && (*entry)[key].is_number()) calibration[key] = (*entry)[key];
  }
  if (entry->contains("box_gate") && (*entry)["box_gate"].is_object()) {
    calibration["box_gate"] = (*entry)["box_gate"];
  }
  return calibration;
}

}  // namespace

nlohmann::json MethodCatalog::describe(const Localizer& method, const nlohmann::json& bundle) {
  const LocalizerParameters defaults = MethodOptions::bundleDefaults(bundle, method.name());
  const LocalizerParameters volume = MethodOptions::volumeDefaults(bundle, method.name());
  nlohmann::json parameters = nlohmann::json::array();
  for (const auto& spec : method.parameters()) {
    nlohmann::json parameter = {
        {"name", spec.name},
        {"label", spec.label},
        {"help", spec.help},
        {"minimum", spec.minimum},
        {"maximum", spec.maximum},
        {"default", defaults.has(spec.name) ? defaults.get(spec.name) : spec.defaultValue},
        {"integer", spec.isInteger}};
    // What a whole volume uses when the request leaves the parameter out.
    if (volume.has(spec.name)) parameter["volume_default"] = volume.get(spec.name);
    parameters.push_back(std::move(parameter));
  }
  return {{"name", method.name()},
          {"summary", method.summary()},
          {"needs_model", method.needsModel()},
          {"parameters", parameters},
          {"calibration", calibrationOf(bundle, method.name())}};
}

nlohmann::json MethodCatalog::catalog(const LocalizerRegistry& registry,
                                      const nlohmann::json& bundle) {
  nlohmann::json methods = nlohmann::json::array();
  for (const auto& name : registry.names())
    methods.push_back(describe(*registry.create(name), bundle));
  const bool hasBundle = bundle.is_object() && !bundle.empty();
  return {{"methods", methods},
          {"default_method", hasBundle ? bundle.value("default_method", "ddpm") : "ddpm"},
          {"model_name", hasBundle ? bundle.value("name", "") : ""}};
}

}  // namespace anomadiff::cli
