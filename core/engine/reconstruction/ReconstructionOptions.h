#pragma once

#include "engine/schedule/NoiseGenerator.h"

#include <cstdint>
#include <string>

namespace anomadiff::engine {

/// How to turn an input into its pseudo-healthy reconstruction (seed §2.2): noise it to level L
/// (forward noise or DDIM encoding), then denoise L → 0 in K steps; N ensemble members.
struct ReconstructionOptions {
  enum class Encoder { ForwardNoise, Ddim };

  Encoder encoder = Encoder::ForwardNoise;
  NoiseGenerator::Kind noise = NoiseGenerator::Kind::Gaussian;
  std::string sampler = "ddim";  ///< a SamplerRegistry name
  int level = 250;               ///< L, 0 <= L < T
  int steps = 25;                ///< K, 1 <= K <= L + 1
  int ensemble = 1;              ///< N samples per input, run as one batch
  std::uint64_t seed = 0;
  /// ΔL: the members are split into up to three groups noised to L, L + ΔL/2 and L + ΔL
  /// (forward noise only); 0: every member at L.
  int levelSpread = 0;

  /// These options with forward-noise encoding and DDIM steps: what the implicit-guidance
  /// methods (THOR, AutoDDPM) build their own loops on.
  ReconstructionOptions withForwardNoiseDdim() const {
    ReconstructionOptions options = *this;
    options.encoder = Encoder::ForwardNoise;
    options.sampler = "ddim";
    return options;
  }
};

}  // namespace anomadiff::engine
