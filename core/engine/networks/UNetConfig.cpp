#include "engine/networks/UNetConfig.h"

#include "common/Error.h"
#include "engine/networks/UNetJsonFields.h"

#include <algorithm>
#include <string>

namespace anomadiff::engine {
int normGroupsFor(int channels, int maxGroups) {
  for (int groups = std::min(channels, std::max(1, maxGroups)); groups > 1; --groups) {
    if (channels % groups == 0) return groups;
  }
  return 1;
}

void UNetConfig::validate() const {
  validateEncoder();
  if (outChannels < 1 || outChannels > 64) {
    throw InvalidArgument("UNet config out_channels=" + std::to_string(outChannels) +
                          " is outside 1..64");
  }
  if (classes < 0 || classes > 100000) {
    throw InvalidArgument("UNet config classes=" + std::to_string(classes) +
                          " is outside 0..100000");
  }
}

nlohmann::json UNetConfig::toJson() const {
  nlohmann::json json = {{"out_channels", outChannels}, {"classes", classes}};
  writeEncoderJson(json);
  return json;
}

UNetConfig UNetConfig::fromJson(const nlohmann::json& json) {
  UNetConfig config;
  UNetJsonFields fields(json, "UNet config");
  config.readEncoderJson(fields);
  fields.read("out_channels", config.outChannels);
  fields.read("classes", config.classes);
  fields.rejectUnknownKeys();
  config.validate();
  return config;
}

}  // namespace anomadiff::engine
