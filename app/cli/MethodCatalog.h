#pragma once

#include "localize/Localizer.h"
#include "localize/LocalizerRegistry.h"

#include <nlohmann/json.hpp>

namespace anomadiff::cli {

/// The localization methods as JSON: each with its summary, whether it needs a model, its
/// parameter descriptions and — when a bundle description (model.json) is given — the bundle's
/// stored defaults in place of the plugin's and the method's calibration (fpr_1, fpr_5, peak_5,
/// box_gate).
/// `methods --json` prints it; the worker answers it, so the GUI (which cannot load the Torch
/// plugins) builds its parameter panel from exactly what a run would use.
class MethodCatalog {
 public:
  static nlohmann::json describe(const Localizer& method, const nlohmann::json& bundle);
  /// {"methods": [...], "default_method", "model_name"} for every method in `registry`.
  static nlohmann::json catalog(const LocalizerRegistry& registry, const nlohmann::json& bundle);
};

}  // namespace anomadiff::cli
