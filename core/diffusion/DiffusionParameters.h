#pragma once

#include "engine/reconstruction/ReconstructionOptions.h"
#include "engine/segmentation/MaskSampling.h"
#include "localize/LocalizerParameters.h"
#include "protocol/ParameterSpec.h"

namespace anomadiff::diffusion {

/// The parameters every diffusion method shares, named as in the CLI contract (docs/ARCHITECTURE.md
/// §4.2): noise-level L, steps K, ensemble N, seed, and the anomaly map's median filter.
class DiffusionParameters {
 public:
  static ParameterSpec noiseLevel(double defaultLevel);
  /// "level-spread" ΔL: members at L, L + ΔL/2 and L + ΔL (ReconstructionOptions::levelSpread).
  static ParameterSpec levelSpread();
  static ParameterSpec steps(double defaultSteps);
  static ParameterSpec ensemble(double defaultMembers);
  static ParameterSpec seed();
  static ParameterSpec guidanceScale(double defaultScale, double maximum, const std::string& help);
  static ParameterSpec medianFilter();
  /// "noise": 0 Gaussian q(x_L|x_0), 1 coarse multi-scale noise.
  /// "score": how x and x̂ become the anomaly map (AnomalyScore::Kind codes).
  static ParameterSpec score(double defaultScore);
  /// "polarity": bright, dark or both anomalies (AnomalyScore::Polarity codes).
  static ParameterSpec polarity();
  static ParameterSpec noiseKind(
      engine::NoiseGenerator::Kind defaultKind = engine::NoiseGenerator::Kind::Gaussian);
  /// "sampler": a SamplerRegistry row (choices: its names, in its order).
  static ParameterSpec sampler();
  /// "encoder": forward noise q(x_L|x_0) or deterministic DDIM encoding.
  static ParameterSpec encoder();

  /// L, K, N, seed and (when the method declares them) the level spread, the noise kind, the
  /// sampler and the encoder into engine options; what the method does not declare stays as in
  /// `base`. Throws InvalidArgument when K > L + 1, naming both.
  static engine::ReconstructionOptions reconstruction(const LocalizerParameters& parameters,
                                                      engine::ReconstructionOptions base);
  /// K, N and seed of a segmentation method into mask-sampling options (the Bernoulli mask
  /// threshold, when the method declares "mask-threshold").
  static engine::MaskSamplingOptions maskSampling(const LocalizerParameters& parameters);
};

}  // namespace anomadiff::diffusion
