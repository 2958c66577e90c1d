#include "engine/networks/FewShotHeadConfig.h"

#include "common/Error.h"
#include "engine/networks/UNetJsonFields.h"

#include <nlohmann/json.hpp>

#include <set>

namespace anomadiff::engine {

void FewShotHeadConfig::validate() const {
  if (sourceSlot.empty()) throw InvalidArgument("fewshot source_slot is empty");
  if (timesteps.empty() || timesteps.size() > 16) {
    throw InvalidArgument("fewshot timesteps must name 1 to 16 levels");
  }
  std::set<int> distinct;
  for (int t : timesteps) {
    if (t < 0 || t > 999) {
      throw InvalidArgument("fewshot timestep " + std::to_string(t) + " is outside 0..999");
    }
    if (!distinct.insert(t).second) {
      throw InvalidArgument("fewshot timestep " + std::to_string(t) + " is given twice");
    }
  }
  const auto inRange = [](const char* name, int value, int maximum) {
    if (value < 1 || value > maximum) {
      throw InvalidArgument(std::string("fewshot ") + name + " " + std::to_string(value) +
                            " is outside 1.." + std::to_string(maximum));
    }
  };
  inRange("feature_channels", featureChannels, 1 << 14);
  inRange("hidden", hidden, 1024);
}

nlohmann::json FewShotHeadConfig::toJson() const {
  return {{"source_slot", sourceSlot},
          {"timesteps", timesteps},
          {"feature_channels", featureChannels},
          {"hidden", hidden},
          {"noise_seed", noiseSeed}};
}

FewShotHeadConfig FewShotHeadConfig::fromJson(const nlohmann::json& json) {
  FewShotHeadConfig config;
  UNetJsonFields fields(json, "fewshot architecture");
  fields.read("source_slot", config.sourceSlot);
  fields.read("timesteps", config.timesteps);
  fields.read("feature_channels", config.featureChannels);
  fields.read("hidden", config.hidden);
  fields.read("noise_seed", config.noiseSeed);
  fields.rejectUnknownKeys();
  config.validate();
  return config;
}

}  // namespace anomadiff::engine
