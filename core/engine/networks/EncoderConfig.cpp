#include "engine/networks/EncoderConfig.h"

#include "common/Error.h"
#include "engine/networks/UNetJsonFields.h"

#include <nlohmann/json.hpp>

#include <sstream>
#include <string>

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

void EncoderConfig::validateEncoder() const {
  if (inChannels < 1 || inChannels > 64) {
    invalid("in_channels", std::to_string(inChannels), "is outside 1..64");
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
  if (!(dropout >= 0.0 && dropout < 1.0)) {
    invalid("dropout", std::to_string(dropout), "is outside [0, 1)");
  }
  if (maxNormGroups < 1) invalid("max_norm_groups", std::to_string(maxNormGroups), "must be >= 1");
}

void EncoderConfig::writeEncoderJson(nlohmann::json& json) const {
  json["in_channels"] = inChannels;
  json["base_channels"] = baseChannels;
  json["channel_multipliers"] = channelMultipliers;
  json["res_blocks_per_level"] = resBlocksPerLevel;
  json["attention_levels"] = attentionLevels;
  json["bottleneck_attention"] = bottleneckAttention;
  json["attention_heads"] = attentionHeads;
  json["dropout"] = dropout;
  json["max_norm_groups"] = maxNormGroups;
  json["scale_shift_norm"] = scaleShiftNorm;
}

void EncoderConfig::readEncoderJson(UNetJsonFields& fields) {
  fields.read("in_channels", inChannels);
  fields.read("base_channels", baseChannels);
  fields.read("channel_multipliers", channelMultipliers);
  fields.read("res_blocks_per_level", resBlocksPerLevel);
  fields.read("attention_levels", attentionLevels);
  fields.read("bottleneck_attention", bottleneckAttention);
  fields.read("attention_heads", attentionHeads);
  fields.read("dropout", dropout);
  fields.read("max_norm_groups", maxNormGroups);
  fields.read("scale_shift_norm", scaleShiftNorm);
}

}  // namespace anomadiff::engine
