#pragma once

#include "engine/networks/EncoderConfig.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <vector>

namespace anomadiff::engine {

/// Architecture of the built-in ADM-style UNet (Dhariwal & Nichol): residual blocks with
/// GroupNorm + SiLU, a sinusoidal timestep embedding fed through an MLP into every block,
/// self-attention at chosen levels, and an optional class embedding with a null class for
/// classifier-free guidance: the shared EncoderConfig plus the decoder's output and the classes.
/// Stored in a bundle's model.json (snake_case keys).
struct UNetConfig : EncoderConfig {
  int outChannels = 1;
  /// 0: unconditional. Otherwise labels 0..classes-1 plus a learned null class (index `classes`)
  /// used for the label Denoiser::kNoClass.
  int classes = 0;

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
