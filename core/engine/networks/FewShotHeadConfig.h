#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace anomadiff::engine {

/// The `fewshot` method's pixel classifier (seed §5.2; Baranchuk et al. 2022): which trained
/// ε-UNet of the bundle gives the features, at which noise levels, and the head's size. Stored
/// as model.json `fewshot.architecture` (snake_case keys).
struct FewShotHeadConfig {
  /// The bundle entry whose decoder activations are the features ("denoiser": the model that
  /// saw lesions; "healthy_denoiser": healthy anatomy only).
  std::string sourceSlot = "denoiser";
  /// Noise levels t at which the image is noised and its features read; one head per level,
  /// their probabilities averaged (timestep ensembling).
  std::vector<int> timesteps = {50, 150, 300};
  /// Channels of the decoder features stacked per pixel (the source UNet's decoder).
  int featureChannels = 0;
  int hidden = 32;
  /// Seed of the fixed noise the features are computed with (the same at training and use).
  int noiseSeed = 0;

  /// Throws InvalidArgument naming the first bad field.
  void validate() const;
  nlohmann::json toJson() const;
  /// Unknown keys and bad values throw InvalidArgument naming the key.
  static FewShotHeadConfig fromJson(const nlohmann::json& json);
};

}  // namespace anomadiff::engine
