#pragma once

#include "protocol/ParameterSpec.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace anomadiff::protocol {

/// A method's parameter as the catalog states it: the method's ParameterSpec with the bundle's
/// default in `defaultValue`, and the bundle's value for whole volumes when it has one.
struct CatalogParameter : ParameterSpec {
  std::optional<double> volumeDefault = std::nullopt;
};

/// One method in the catalog.
struct CatalogMethod {
  std::string name;
  std::string summary;
  bool needsModel = false;
  std::vector<CatalogParameter> parameters;
  /// The bundle's calibrated numbers for this method ("fpr_1", "fpr_5", "peak_5").
  std::map<std::string, double> calibration;
  /// The calibrated finding gate (model.json's `box_gate`) as JSON text, empty when none.
  std::string boxGateJson;

  const CatalogParameter* parameter(const std::string& parameterName) const {
    for (const auto& candidate : parameters) {
      if (candidate.name == parameterName) return &candidate;
    }
    return nullptr;
  }
};

/// The worker's answer to `methods` (and `anomadiff-cli methods --json`): the plugins found, the
/// bundle's defaults and calibration. The GUI builds its parameter panel from it alone: it cannot
/// load the plugins (they link LibTorch).
struct MethodCatalogData {
  std::vector<CatalogMethod> methods;
  std::string defaultMethod;
  std::string modelName;
};

}  // namespace anomadiff::protocol
