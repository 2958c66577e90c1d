#pragma once

#include <torch/types.h>

#include <string>
#include <vector>

namespace anomadiff::engine {

/// The noise of the forward process q(x_L | x_0) = N(√ᾱ_L x_0, (1−ᾱ_L) I) (seed Eq. 2).
/// Gaussian is the textbook choice; coarse noise (a sum of upsampled low-resolution Gaussian
/// octaves, standardised per image — in the spirit of AnoDDPM's simplex noise) hides larger
/// lesions, which fine Gaussian noise leaves visible at moderate L.
class NoiseGenerator {
 public:
  enum class Kind { Gaussian, Coarse };

  explicit NoiseGenerator(Kind kind = Kind::Gaussian, int octaves = 4, double persistence = 0.8)
      : m_kind(kind), m_octaves(octaves), m_persistence(persistence) {}
  /// The kinds' names in the order of Kind (the `noise` parameter's choices).
  static const std::vector<std::string>& kindNames();
  /// "gaussian" or "coarse"; throws InvalidArgument naming an unknown kind.
  static Kind kindFromName(const std::string& name);
  /// The kind at a `noise` parameter value; throws InvalidArgument outside the names.
  static Kind kindAt(int index);

  /// Noise with zero mean and unit variance per image, shape [B, C, H, W].
  torch::Tensor sample(at::IntArrayRef shape, torch::Generator& generator) const;
  /// x_L = √ᾱ x_0 + √(1−ᾱ) ε.
  static torch::Tensor addNoise(const torch::Tensor& clean, const torch::Tensor& noise,
                                double alphaBar);

 private:
  torch::Tensor coarse(at::IntArrayRef shape, torch::Generator& generator) const;

  Kind m_kind;
  int m_octaves;
  double m_persistence;
};

}  // namespace anomadiff::engine
