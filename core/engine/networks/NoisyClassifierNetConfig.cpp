#include "engine/networks/NoisyClassifierNetConfig.h"

#include "common/Error.h"
#include "engine/networks/UNetJsonFields.h"

namespace anomadiff::engine {

UNetConfig NoisyClassifierNetConfig::encoderConfig() const {
  UNetConfig config;
  static_cast<EncoderConfig&>(config) = *this;
  config.outChannels = 1;  // unused: the encoder has no output conv
  config.classes = 0;      // the classifier sees no label
  return config;
}

void NoisyClassifierNetConfig::validate() const {
  if (classes < 2 || classes > 100000) {
    throw InvalidArgument("classifier config classes=" + std::to_string(classes) +
                          " is outside 2..100000");
  }
  if (head != kGlobalHead && head != kCellHead) {
    throw InvalidArgument("classifier config head='" + head + "' is neither '" + kGlobalHead +
                          "' nor '" + kCellHead + "'");
  }
  if (head == kCellHead && classes != 2) {
    throw InvalidArgument(
        "classifier config head='cells' needs classes=2 (healthy, anomalous), not " +
        std::to_string(classes));
  }
  encoderConfig().validate();
}

nlohmann::json NoisyClassifierNetConfig::toJson() const {
  nlohmann::json json = {{"classes", classes}, {"head", head}};
  writeEncoderJson(json);
  return json;
}

NoisyClassifierNetConfig NoisyClassifierNetConfig::fromJson(const nlohmann::json& json) {
  NoisyClassifierNetConfig config;
  UNetJsonFields fields(json, "classifier config");
  config.readEncoderJson(fields);
  fields.read("classes", config.classes);
  fields.read("head", config.head);
  fields.rejectUnknownKeys();
  config.validate();
  return config;
}

}  // namespace anomadiff::engine
