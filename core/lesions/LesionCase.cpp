#include "lesions/LesionCase.h"

#include <nlohmann/json.hpp>

namespace anomadiff::lesions {

std::string LesionCase::toJson() const {
  const nlohmann::json json = {
      {"spec", nlohmann::json::parse(spec.toJson())},
      {"epsilon", epsilon},
      {"label_voxels", labelVoxels},
      {"brain_voxels", brainVoxels},
      {"label_fraction", brainVoxels > 0 ? double(labelVoxels) / double(brainVoxels) : 0.0}};
  return json.dump();
}

}  // namespace anomadiff::lesions
