#pragma once

#include "localize/Localizer.h"
#include "localize/LocalizerRegistry.h"
#include "protocol/MethodCatalogData.h"

#include <nlohmann/json.hpp>

namespace anomadiff::run {

/// The localization methods as the protocol's catalog: each with its summary, whether it needs a
/// model, its parameter descriptions and — when a bundle description (model.json) is given — the
/// bundle's stored defaults in place of the plugin's and the method's calibration (fpr_1, fpr_5,
/// peak_5, box_gate). `methods --json` prints it; the worker answers it, so the GUI (which cannot
/// load the Torch plugins) builds its parameter panel from exactly what a run would use.
class MethodCatalog {
 public:
  static protocol::CatalogMethod describe(const Localizer& method, const nlohmann::json& bundle);
  /// Every method in `registry`, the bundle's default method and name.
  static protocol::MethodCatalogData catalog(const LocalizerRegistry& registry,
                                             const nlohmann::json& bundle);
};

}  // namespace anomadiff::run
