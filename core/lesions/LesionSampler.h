#pragma once

#include "image/Image.h"
#include "lesions/LesionFamily.h"
#include "lesions/LesionSpec.h"

#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

namespace anomadiff::lesions {

struct LesionSamplerOptions {
  /// Lesion sizes, as fractions of the brain's voxel count (area on a slice, volume in 3D),
  /// drawn log-uniformly: from small (0.1 %) to large (15 %).
  double minimumSizeFraction = 0.001;
  double maximumSizeFraction = 0.15;
};

/// Draws random lesion specs on a given brain: centres on brain voxels, sizes relative to the
/// brain, amplitudes relative to the brain's intensity range (99th - 1st percentile).
/// Reproducible: its own mt19937_64 and portable draws, so the same seed gives the same specs.
class LesionSampler {
 public:
  using Options = LesionSamplerOptions;

  /// Throws InvalidArgument for a mask of another size, an empty mask, NaN/infinite voxels in
  /// the brain, or sizes outside 0 < minimum <= maximum <= 1.
  LesionSampler(const Image& image, const Image& brainMask, std::uint64_t seed,
                Options options = {});

  LesionSpec sample(LesionFamily family);
  /// A family chosen uniformly from `families` (must not be empty), then its spec.
  LesionSpec sample(const std::vector<LesionFamily>& families);

  double intensityScale() const { return m_intensityScale; }

 private:
  double uniform(double low, double high);
  double logUniform(double low, double high);
  std::array<double, 3> randomBrainVoxel();
  std::array<double, 3> patchOffset(const std::array<double, 3>& centre, double reach);

  ImageGeometry m_geometry;
  Options m_options;
  std::mt19937_64 m_random;
  std::vector<std::size_t> m_brainVoxels;
  double m_intensityScale = 1.0;
};

}  // namespace anomadiff::lesions
