#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <vector>

namespace anomadiff::engine {

/// Architecture of the built-in ADM-style UNet (Dhariwal & Nichol): residual blocks with
/// GroupNorm + SiLU, a sinusoidal timestep embedding fed through an MLP into every block,
/// self-attention at chosen levels, and an optional class embedding with a null class for
/// classifier-free guidance. Stored in a bundle's model.json (snake_case keys).
struct UNetConfig {
  int inChannels = 1;
  int outChannels = 1;
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
  /// 0: unconditional. Otherwise labels 0..classes-1 plus a learned null class (index `classes`)
  /// used for the label Denoiser::kNoClass.
  int classes = 0;
  /// GroupNorm uses the largest group count <= this that divides the channels.
  int maxNormGroups = 32;
  /// Condition res blocks by scale-shift of the normalised features (ADM's use_scale_shift_norm)
  /// instead of adding the embedding.
  bool scaleShiftNorm = true;

  int levels() const { return static_cast<int>(channelMultipliers.size()); }
  int timeEmbeddingChannels() const { return 4 * baseChannels; }
  /// 2^(levels - 1): image sides must be multiples of this.
  int sizeDivisor() const { return 1 << (levels() - 1); }

  /// Throws InvalidArgument naming the first bad field and its value.
  void validate() const;

  nlohmann::json toJson() const;
  /// Missing keys keep their defaults; unknown keys and bad values throw InvalidArgument naming
  /// the key. The result is validated.
  static UNetConfig fromJson(const nlohmann::json& json);

  bool operator==(const UNetConfig&) const = default;
};

/// The largest group count <= maxGroups that divides channels (GroupNorm needs a divisor).
int normGroupsFor(int channels, int maxGroups);

}  // namespace anomadiff::engine
