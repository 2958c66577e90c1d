#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>

namespace anomadiff::testing {

/// A model bundle whose networks have a closed form, written by the test: every weight is zero,
/// so the ε-UNets predict ε̂ ≡ 0 and the classifier's logits are 0 (uniform over the classes,
/// its guidance gradient 0). With ε̂ ≡ 0, x̂₀ = x_t / √ᾱ_t at every step, so a deterministic
/// reconstruction from level L returns x + √((1−ᾱ_L)/ᾱ_L) ε: methods run their whole pipeline
/// on known networks, at 64 px and 4 base channels, in a fraction of the shipped bundle's time.
class AnalyticBundle {
 public:
  static constexpr int kResolution = 64;

  /// Writes denoiser (2 classes), healthy_denoiser and volume_denoiser (unconditional), the two
  /// mask segmenters (2 input channels: a zero Bernoulli segmenter predicts P(lesion) = ½), a zero
  /// fewshot head over the denoiser's features (P = ½ too) and classifier (cell head) into `folder`
  /// with `conventions` (a bundle description: input, intensity, schedule, template and default
  /// parameters are taken from it, and the noise each denoiser was trained for; models, calibration
  /// and the rest of the training records are not).
  static void write(const std::filesystem::path& folder, const nlohmann::json& conventions);
};

}  // namespace anomadiff::testing
