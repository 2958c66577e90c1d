#pragma once

#include <nlohmann/json_fwd.hpp>

#include <vector>

namespace anomadiff::engine {

class UNetJsonFields;

/// The fields the ε-UNet and the noisy classifier share: the encoder half of the ADM-style UNet
/// (residual blocks with GroupNorm + SiLU, a timestep embedding into every block, self-attention
/// at chosen levels). UNetConfig adds the decoder's output and the class embedding;
/// NoisyClassifierNetConfig adds the classification head. Stored in model.json (snake_case keys).
struct EncoderConfig {
  int inChannels = 1;
  int baseChannels = 32;
  /// Channels of level i are baseChannels * channelMultipliers[i]; every level but the last
  /// halves the resolution, so image sides must be divisible by 2^(levels - 1).
  std::vector<int> channelMultipliers = {1, 2, 2};
  int resBlocksPerLevel = 1;
  /// Levels (0 = full resolution) whose res blocks are followed by self-attention. Levels, not
  /// pixel resolutions, so the config does not depend on the image size.
  std::vector<int> attentionLevels = {};
  /// Self-attention between the two bottleneck res blocks.
  bool bottleneckAttention = true;
  int attentionHeads = 4;
  double dropout = 0.0;
  /// GroupNorm uses the largest group count <= this that divides the channels.
  int maxNormGroups = 32;
  /// Condition res blocks by scale-shift of the normalised features (ADM's use_scale_shift_norm)
  /// instead of adding the embedding.
  bool scaleShiftNorm = true;

  int levels() const { return static_cast<int>(channelMultipliers.size()); }
  int timeEmbeddingChannels() const { return 4 * baseChannels; }
  /// 2^(levels - 1): image sides must be multiples of this.
  int sizeDivisor() const { return 1 << (levels() - 1); }

  /// Throws InvalidArgument naming the first bad field and its value ("UNet config ...").
  void validateEncoder() const;
  /// Adds the shared fields to `json` (an object).
  void writeEncoderJson(nlohmann::json& json) const;
  /// Reads the shared fields that `fields` holds; missing ones keep their values.
  void readEncoderJson(UNetJsonFields& fields);

  bool operator==(const EncoderConfig&) const = default;
};

}  // namespace anomadiff::engine
