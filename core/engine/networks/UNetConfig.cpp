#include "engine/networks/UNetConfig.h"

#include "common/Error.h"
#include "engine/networks/UNetJsonFields.h"

#include <algorithm>
#include <numeric>
#include <sstream>

namespace anomadiff::engine {
namespace {

[[noreturn]] void invalid(const std::string& field, const std::string& value,
                          const std::string& why) {
  throw InvalidArgument("UNet config " + field + "=" + value + " " + why);
}

std::string listText(const std::vector<int>& values) {
  std::ostringstream text;
  text << '[';
  for (std::size_t i = 0; i < values.size(); ++i) text << (i ? "," : "") << values[i];
  text << ']';
  return text.str();
}

}  // namespace

int normGroupsFor(int channels, int maxGroups) {
  for (int groups = std::min(channels, std::max(1, maxGroups)); groups > 1; --groups) {
    if (channels % groups == 0) return groups;
  }
  return 1;
}

void UNetConfig::validate() const {
  if (inChannels < 1 || inChannels > 64) {
    invalid("in_channels", std::to_string(inChannels), "is outside 1..64");
  }
  if (outChannels < 1 || outChannels > 64) {
    invalid("out_channels", std::to_string(outChannels), "is outside 1..64");
  }
  // Upper bounds keep a hostile model.json from requesting an enormous network.
  if (baseChannels < 1 || baseChannels > 1024) {
    invalid("base_channels", std::to_string(baseChannels), "is outside 1..1024");
  }
  if (channelMultipliers.empty() || channelMultipliers.size() > 8) {
    invalid("channel_multipliers", listText(channelMultipliers), "must list 1 to 8 levels");
  }
  for (int multiplier : channelMultipliers) {
    if (multiplier < 1 || multiplier > 16) {
      invalid("channel_multipliers", listText(channelMultipliers), "must lie in 1..16");
    }
  }
  if (resBlocksPerLevel < 1 || resBlocksPerLevel > 8) {
    invalid("res_blocks_per_level", std::to_string(resBlocksPerLevel), "is outside 1..8");
  }
  if (attentionHeads < 1 || attentionHeads > 64) {
    invalid("attention_heads", std::to_string(attentionHeads), "is outside 1..64");
  }
  for (int level : attentionLevels) {
    if (level < 0 || level >= levels()) {
      invalid("attention_levels", listText(attentionLevels),
              "names a level outside 0.." + std::to_string(levels() - 1));
    }
    const int channels = baseChannels * channelMultipliers[level];
    if (channels % attentionHeads != 0) {
      invalid("attention_heads", std::to_string(attentionHeads),
              "does not divide the " + std::to_string(channels) + " channels of level " +
                  std::to_string(level));
    }
  }
  if (bottleneckAttention && (baseChannels * channelMultipliers.back()) % attentionHeads != 0) {
    invalid("attention_heads", std::to_string(attentionHeads),
            "does not divide the bottleneck's channels");
  }
  if (!(dropout >= 0.0 && dropout < 1.0))
    invalid("dropout", std::to_string(dropout), "is outside [0, 1)");
  if (classes < 0 || classes > 100000)
    invalid("classes", std::to_string(classes), "is outside 0..100000");
  if (maxNormGroups < 1) invalid("max_norm_groups", std::to_string(maxNormGroups), "must be >= 1");
}

nlohmann::json UNetConfig::toJson() const {
  return {{"in_channels", inChannels},
          {"out_channels", outChannels},
          {"base_channels", baseChannels},
          {"channel_multipliers", channelMultipliers},
          {"res_blocks_per_level", resBlocksPerLevel},
          {"attention_levels", attentionLevels},
          {"bottleneck_attention", bottleneckAttention},
          {"attention_heads", attentionHeads},
          {"dropout", dropout},
          {"classes", classes},
          {"max_norm_groups", maxNormGroups},
          {"scale_shift_norm", scaleShiftNorm}};
}

UNetConfig UNetConfig::fromJson(const nlohmann::json& json) {
  UNetConfig config;
  UNetJsonFields fields(json, "UNet config");
  fields.read("in_channels", config.inChannels);
  fields.read("out_channels", config.outChannels);
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
  fields.rejectUnknownKeys();
  config.validate();
  return config;
}

}  // namespace anomadiff::engine
