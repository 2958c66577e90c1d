#include "run/MethodCatalog.h"

#include "run/MethodSetup.h"
#include "run/ThresholdChoice.h"

namespace anomadiff::run {
namespace {

void addCalibration(protocol::CatalogMethod& method, const nlohmann::json& bundle) {
  const auto* entry = ThresholdChoice::calibrationEntry(bundle, method.name);
  if (entry == nullptr) return;
  for (const char* key : {"fpr_1", "fpr_5", "peak_5"}) {
    if (entry->contains(key) && (*entry)[key].is_number()) {
      method.calibration[key] = (*entry)[key].get<double>();
    }
  }
  if (entry->contains("box_gate") && (*entry)["box_gate"].is_object()) {
    method.boxGateJson = (*entry)["box_gate"].dump();
  }
}

}  // namespace

protocol::CatalogMethod MethodCatalog::describe(const Localizer& method,
                                                const nlohmann::json& bundle) {
  const LocalizerParameters defaults = MethodSetup::bundleDefaults(bundle, method.name());
  const LocalizerParameters volume = MethodSetup::volumeDefaults(bundle, method.name());
  protocol::CatalogMethod described;
  described.name = method.name();
  described.summary = method.summary();
  described.needsModel = method.needsModel();
  for (const auto& spec : method.parameters()) {
    protocol::CatalogParameter parameter{spec, std::nullopt};
    if (defaults.has(spec.name)) parameter.defaultValue = defaults.get(spec.name);
    // What a whole volume uses when the request leaves the parameter out.
    if (volume.has(spec.name)) parameter.volumeDefault = volume.get(spec.name);
    described.parameters.push_back(std::move(parameter));
  }
  addCalibration(described, bundle);
  return described;
}

protocol::MethodCatalogData MethodCatalog::catalog(const LocalizerRegistry& registry,
                                                   const nlohmann::json& bundle) {
  protocol::MethodCatalogData catalog;
  for (const auto& name : registry.names())
    catalog.methods.push_back(describe(*registry.create(name), bundle));
  const bool hasBundle = bundle.is_object() && !bundle.empty();
  catalog.defaultMethod = hasBundle ? bundle.value("default_method", "ddpm") : "ddpm";
  catalog.modelName = hasBundle ? bundle.value("name", "") : "";
  return catalog;
}

}  // namespace anomadiff::run
