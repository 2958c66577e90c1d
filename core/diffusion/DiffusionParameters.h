#pragma once

#include "engine/reconstruction/ReconstructionOptions.h"
#include "localize/LocalizerParameters.h"
#include "protocol/ParameterSpec.h"

namespace anomadiff::diffusion {

/// The parameters every diffusion method shares, named as in the CLI contract (docs/ARCHITECTURE.md
/// §4.2): noise-level L, steps K, ensemble N, seed, and the anomaly map's median filter.
class DiffusionParameters {
 public:
  static ParameterSpec noiseLevel(double defaultLevel);
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
  static ParameterSpec noiseKind();

  /// L, K, N, seed and (when the method declares it) the noise kind into engine options
  /// (encoder and sampler stay as given).
  /// Throws InvalidArgument when K > L + 1, naming both.
  static engine::ReconstructionOptions reconstruction(const LocalizerParameters& parameters,
                                                      engine::ReconstructionOptions base);
};

}  // namespace anomadiff::diffusion
