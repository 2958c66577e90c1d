#include "lesions/LesionSpec.h"

#include "common/Error.h"

#include <nlohmann/json.hpp>

namespace anomadiff::lesions {

std::string_view LesionSpec::polarity() const {
  switch (family) {
    case LesionFamily::Ellipsoid:
      return amplitude >= 0.0 ? "bright" : "dark";
    case LesionFamily::Deformation:
      return amplitude >= 0.0 ? "push" : "pull";
    case LesionFamily::Irregular:
      return amplitude >= 0.5 ? "bright" : "dark";
    default:
      return "none";
  }
}

std::string LesionSpec::toJson() const {
  const nlohmann::json json = {{"family", lesionFamilyName(family)},
                               {"polarity", polarity()},
                               {"center", center},
                               {"radii", radii},
                               {"angle", angle},
                               {"softness", softness},
                               {"amplitude", amplitude},
                               {"source_offset", sourceOffset},
                               {"seed", seed}};
  return json.dump();
}

LesionSpec LesionSpec::fromJson(std::string_view text) {
  try {
    const nlohmann::json json = nlohmann::json::parse(text);
    LesionSpec spec;
    spec.family = parseLesionFamily(json.at("family").get<std::string>());
    spec.center = json.at("center").get<std::array<double, 3>>();
    spec.radii = json.at("radii").get<std::array<double, 3>>();
    spec.angle = json.at("angle").get<double>();
    spec.softness = json.at("softness").get<double>();
    spec.amplitude = json.at("amplitude").get<double>();
    spec.sourceOffset = json.at("source_offset").get<std::array<double, 3>>();
    spec.seed = json.at("seed").get<std::uint64_t>();
    return spec;
  } catch (const nlohmann::json::exception& error) {
    throw InvalidArgument(std::string("lesion spec JSON is invalid: ") + error.what());
  }
}

}  // namespace anomadiff::lesions
