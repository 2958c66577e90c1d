#include "engine/schedule/NoiseGenerator.h"

#include "common/Error.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace anomadiff::engine {

const std::vector<std::string>& NoiseGenerator::kindNames() {
  static const std::vector<std::string> names = {"gaussian", "coarse"};
  return names;
}

NoiseGenerator::Kind NoiseGenerator::kindFromName(const std::string& name) {
  if (name == "simplex") return Kind::Coarse;  // AnoDDPM's name for the idea
  const auto& names = kindNames();
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<Kind>(i);
  }
  throw InvalidArgument("unknown noise '" + name + "' (use gaussian or coarse)");
}

NoiseGenerator::Kind NoiseGenerator::kindAt(int index) {
  if (index < 0 || index >= static_cast<int>(kindNames().size())) {
    throw InvalidArgument("noise " + std::to_string(index) + " is not 0 (gaussian) or 1 (coarse)");
  }
  return static_cast<Kind>(index);
}

torch::Tensor NoiseGenerator::sample(at::IntArrayRef shape, torch::Generator& generator) const {
  if (shape.size() != 4) throw InvalidArgument("noise shape must be [B, C, H, W]");
  if (m_kind == Kind::Gaussian) return torch::randn(shape, generator, torch::kFloat32);
  return coarse(shape, generator);
}

torch::Tensor NoiseGenerator::coarse(at::IntArrayRef shape, torch::Generator& generator) const {
  const std::int64_t height = shape[2], width = shape[3];
  auto total = torch::zeros(shape, torch::kFloat32);
  double amplitude = 1.0;
  for (int octave = 0; octave < m_octaves; ++octave) {
    // Octave 0 has about 1/16 of the image's resolution; each next one doubles it.
    const double scale = std::pow(2.0, octave - 4);
    const auto low =
        torch::randn({shape[0], shape[1], std::max<std::int64_t>(2, std::lround(height * scale)),
                      std::max<std::int64_t>(2, std::lround(width * scale))},
                     generator, torch::kFloat32);
    const auto up =
        torch::nn::functional::interpolate(low, torch::nn::functional::InterpolateFuncOptions()
                                                    .size(std::vector<std::int64_t>{height, width})
                                                    .mode(torch::kBilinear)
                                                    .align_corners(false));
    total += amplitude * up;
    amplitude *= m_persistence;
  }
  const auto mean = total.mean({1, 2, 3}, true);
  const auto deviation = total.std({1, 2, 3}, true, true).clamp_min(1e-6);
  return (total - mean) / deviation;
}

torch::Tensor NoiseGenerator::addNoise(const torch::Tensor& clean, const torch::Tensor& noise,
                                       double alphaBar) {
  return std::sqrt(alphaBar) * clean + std::sqrt(1.0 - alphaBar) * noise;
}

}  // namespace anomadiff::engine
