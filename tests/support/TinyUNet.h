#pragma once

#include "engine/networks/UNetConfig.h"

namespace anomadiff::test {

/// The smallest UNet the engine tests train in seconds: 8 base channels, two levels, two
/// attention heads; callers change what their case needs (input channels, classes).
inline engine::UNetConfig tinyUNet() {
  engine::UNetConfig config;
  config.baseChannels = 8;
  config.channelMultipliers = {1, 2};
  config.attentionHeads = 2;
  return config;
}

}  // namespace anomadiff::test
