#include "engine/networks/NoisyClassifierNetConfig.h"

#include "common/Error.h"
#include "engine/networks/UNetJsonFields.h"

namespace anomadiff::engine {

UNetConfig NoisyClassifierNetConfig::encoderConfig() const {
  UNetConfig config;
  config.inChannels = inChannels;
  config.outChannels = 1;  // unused: the encoder has no output conv
  config.baseChannels = baseChannels;
  config.channelMultipliers = channelMultipliers;
  config.resBlocksPerLevel = resBlocksPerLevel;
  config.attentionLevels = attentionLevels;
  config.bottleneckAttention = bottleneckAttention;
  config.attentionHeads = attentionHeads;
  config.dropout = dropout;
  config.classes = 0;
  config.maxNormGroups = maxNormGroups;
  config.scaleShiftNorm = scaleShiftNorm;
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
  return {{"in_channels", inChannels},
          {"base_channels", baseChannels},
          {"channel_multipliers", channelMultipliers},
          {"res_blocks_per_level", resBlocksPerLevel},
          {"attention_levels", attentionLevels},
          {"bottleneck_attention", bottleneckAttention},
          {"attention_heads", attentionHeads},
          {"dropout", dropout},
          {"classes", classes},
          {"max_norm_groups", maxNormGroups},
          {"scale_shift_norm", scaleShiftNorm},
          {"head", head}};
}

NoisyClassifierNetConfig NoisyClassifierNetConfig::fromJson(const nlohmann::json& json) {
  NoisyClassifierNetConfig config;
  UNetJsonFields fields(json, "classifier config");
  fields.read("in_channels", config.inChannels);
  fields.read("base_channels", config.baseChannels);
  fields.read("channel_multipliers", config.channelMultipliers);
  fields.read("res_blocks_per_level", config.resBlocksPerLevel);
  fields.read("attention_levels", config.attentionLevels);
  fields.read("bottleneck_attention", config.bottleneckAttention);
  fields.read("attention_heads", config.attentionHeads);
  fields.read("dropout", config.dropout);
  fields.read("classes", config.classes);
  fields.read("max_norm_groups", config.maxNormGroups);
  fields.read("scale_shift_norm", config.scaleShiftNorm);
  fields.read("head", config.head);
  fields.rejectUnknownKeys();
  config.validate();
  return config;
}

}  // namespace anomadiff::engine
