#include "engine/training/AugmentationOptions.h"

#include "common/Error.h"

#include <cmath>
#include <string>

namespace anomadiff::engine {
namespace {

/// One field by the name `--augment` and model.json use, with its allowed range. The member is
/// null for elastic_grid, the one whole-number field. A field added after runs were recorded
/// is `recordedWhenSet`: fields() leaves it out at its "no change" value (low), so those runs'
/// resume settings still match.
struct Field {
  const char* name;
  double AugmentationOptions::*member;
  double low;
  double high;
  bool recordedWhenSet = false;
};

// The one list of fields: set(), validate(), fields() and none() all read it.
constexpr Field kFields[] = {
    {"rotation", &AugmentationOptions::rotationDegrees, 0.0, 180.0},
    {"scale", &AugmentationOptions::scale, 0.0, 0.5},
    {"shift", &AugmentationOptions::shift, 0.0, 0.5},
    {"elastic", &AugmentationOptions::elastic, 0.0, 0.2},
    {"elastic_grid", nullptr, 2.0, 64.0},
    {"gamma", &AugmentationOptions::gamma, 1.0, 4.0},
    {"bias_field", &AugmentationOptions::biasField, 0.0, 1.0},
    {"noise", &AugmentationOptions::noise, 0.0, 0.5},
    {"contrast", &AugmentationOptions::contrast, 0.0, 0.45},
    {"blur", &AugmentationOptions::blur, 0.0, 4.0},
    {"ventricles", &AugmentationOptions::ventricles, 0.0, 0.5, true},
};

double valueOf(const AugmentationOptions& options, const Field& field) {
  return field.member ? options.*field.member : static_cast<double>(options.elasticGrid);
}

void requireRange(const Field& field, double value) {
  if (!(value >= field.low && value <= field.high)) {
    throw InvalidArgument("augmentation " + std::string(field.name) + "=" + std::to_string(value) +
                          " is outside [" + std::to_string(field.low) + ", " +
                          std::to_string(field.high) + "]");
  }
}

std::string fieldNames() {
  std::string names;
  for (const auto& field : kFields) names += (names.empty() ? "" : ", ") + std::string(field.name);
  return names;
}

}  // namespace

AugmentationOptions AugmentationOptions::none() {
  // Every magnitude at the low end of its range is "no change" (γ 1, everything else 0); the
  // elastic grid is unused without an elastic warp.
  AugmentationOptions options;
  for (const auto& field : kFields) {
    if (field.member) options.*field.member = field.low;
  }
  return options;
}

void AugmentationOptions::validate() const {
  for (const auto& field : kFields) requireRange(field, valueOf(*this, field));
}

void AugmentationOptions::set(const std::string& name, double value) {
  for (const auto& field : kFields) {
    if (name != field.name) continue;
    if (field.member) {
      this->*field.member = value;  // ranges: validate()
      return;
    }
    if (!(std::isfinite(value) && value == std::round(value))) {
      throw InvalidArgument("augmentation elastic_grid=" + std::to_string(value) +
                            " is not a whole number of control points");
    }
    requireRange(field, value);
    elasticGrid = static_cast<int>(value);
    return;
  }
  throw InvalidArgument("augmentation '" + name + "' is none of " + fieldNames());
}

std::map<std::string, double> AugmentationOptions::fields() const {
  std::map<std::string, double> values;
  for (const auto& field : kFields) {
    const double value = valueOf(*this, field);
    if (!(field.recordedWhenSet && value == field.low)) values[field.name] = value;
  }
  return values;
}

}  // namespace anomadiff::engine
