#include "engine/training/AugmentationOptions.h"

#include "common/Error.h"

#include <cmath>
#include <string>

namespace anomadiff::engine {
namespace {

void requireRange(const char* field, double value, double low, double high) {
  if (!(value >= low && value <= high)) {
    throw InvalidArgument("augmentation " + std::string(field) + "=" + std::to_string(value) +
                          " is outside [" + std::to_string(low) + ", " + std::to_string(high) +
                          "]");
  }
}

}  // namespace

AugmentationOptions AugmentationOptions::none() {
  AugmentationOptions options;
  options.rotationDegrees = 0.0;
  options.scale = 0.0;
  options.shift = 0.0;
  options.elastic = 0.0;
  options.gamma = 1.0;
  options.biasField = 0.0;
  options.noise = 0.0;
  return options;
}

void AugmentationOptions::validate() const {
  requireRange("rotation", rotationDegrees, 0.0, 180.0);
  requireRange("scale", scale, 0.0, 0.5);
  requireRange("shift", shift, 0.0, 0.5);
  requireRange("elastic", elastic, 0.0, 0.2);
  requireRange("elastic_grid", elasticGrid, 2, 64);
  requireRange("gamma", gamma, 1.0, 4.0);
  requireRange("bias_field", biasField, 0.0, 1.0);
  requireRange("noise", noise, 0.0, 0.5);
  requireRange("contrast", contrast, 0.0, 0.45);
  requireRange("blur", blur, 0.0, 4.0);
}

void AugmentationOptions::set(const std::string& name, double value) {
  if (name == "rotation") {
    rotationDegrees = value;
  } else if (name == "scale") {
    scale = value;
  } else if (name == "shift") {
    shift = value;
  } else if (name == "elastic") {
    elastic = value;
  } else if (name == "elastic_grid") {
    if (!(std::isfinite(value) && value == std::round(value))) {
      throw InvalidArgument("augmentation elastic_grid=" + std::to_string(value) +
                            " is not a whole number of control points");
    }
    requireRange("elastic_grid", value, 2.0, 64.0);
    elasticGrid = static_cast<int>(value);
  } else if (name == "gamma") {
    gamma = value;
  } else if (name == "bias_field") {
    biasField = value;
  } else if (name == "noise") {
    noise = value;
  } else if (name == "contrast") {
    contrast = value;
  } else if (name == "blur") {
    blur = value;
  } else {
    throw InvalidArgument("augmentation '" + name +
                          "' is none of rotation, scale, shift, elastic, elastic_grid, gamma, "
                          "bias_field, noise, contrast, blur");
  }
}

std::map<std::string, double> AugmentationOptions::fields() const {
  return {{"rotation", rotationDegrees},
          {"scale", scale},
          {"shift", shift},
          {"elastic", elastic},
          {"elastic_grid", elasticGrid},
          {"gamma", gamma},
          {"bias_field", biasField},
          {"noise", noise},
          {"contrast", contrast},
          {"blur", blur}};
}

}  // namespace anomadiff::engine
