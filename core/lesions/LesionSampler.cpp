#include "lesions/LesionSampler.h"

#include "common/Error.h"
#include "preprocess/Percentiles.h"

#include <cmath>
#include <numbers>
#include <string>

namespace anomadiff::lesions {

LesionSampler::LesionSampler(const Image& image, const Image& brainMask, std::uint64_t seed,
                             Options options)
    : m_geometry(image.geometry()), m_options(options), m_random(seed) {
  if (!(options.minimumSizeFraction > 0.0 &&
        options.minimumSizeFraction <= options.maximumSizeFraction &&
        options.maximumSizeFraction <= 1.0)) {
    throw InvalidArgument("lesion sizes " + std::to_string(options.minimumSizeFraction) + " .. " +
                          std::to_string(options.maximumSizeFraction) +
                          " of the brain are not within 0 < minimum <= maximum <= 1");
  }
  // Checks the mask's size, emptiness and the voxels' finiteness.
  const std::array<double, 2> wanted{1.0, 99.0};
  const auto range = preprocess::maskedPercentiles(image, &brainMask, wanted);
  m_intensityScale = std::max(range[1] - range[0], 1e-6);
  for (std::size_t i = 0; i < brainMask.voxelCount(); ++i) {
    if (brainMask.voxels()[i] > 0.0f) m_brainVoxels.push_back(i);
  }
}

double LesionSampler::uniform(double low, double high) {
  // Portable: std::uniform_real_distribution differs between standard libraries.
  return low + (high - low) * (double(m_random() >> 11) * 0x1.0p-53);
}

double LesionSampler::logUniform(double low, double high) {
  return std::exp(uniform(std::log(low), std::log(high)));
}

std::array<double, 3> LesionSampler::randomBrainVoxel() {
  const std::size_t i = m_brainVoxels[m_random() % m_brainVoxels.size()];
  const std::size_t nx = m_geometry.size[0];
  const std::size_t ny = m_geometry.size[1];
  return {double(i % nx), double((i / nx) % ny), double(i / (nx * ny))};
}

std::array<double, 3> LesionSampler::patchOffset(const std::array<double, 3>& centre,
                                                 double reach) {
  // Tissue from far enough away that the patch does not copy the lesion's own surroundings;
  // the farthest of a few tries when the brain is too small for that.
  std::array<double, 3> best{0.0, 0.0, 0.0};
  double bestDistance = -1.0;
  for (int attempt = 0; attempt < 32; ++attempt) {
    const auto source = randomBrainVoxel();
    const std::array<double, 3> offset{source[0] - centre[0], source[1] - centre[1],
                                       source[2] - centre[2]};
    const double distance = std::hypot(offset[0], offset[1], offset[2]);
    if (distance > bestDistance) {
      best = offset;
      bestDistance = distance;
    }
    if (distance >= 2.0 * reach) break;
  }
  return best;
}

LesionSpec LesionSampler::sample(const std::vector<LesionFamily>& families) {
  if (families.empty()) throw InvalidArgument("no lesion family to sample from");
  return sample(families[m_random() % families.size()]);
}

LesionSpec LesionSampler::sample(LesionFamily family) {
  LesionSpec spec;
  spec.family = family;
  spec.center = randomBrainVoxel();
  // Equal-size circle (2D) or sphere (3D) radius for the drawn fraction of the brain, then
  // stretched into an ellipse/ellipsoid of the same area/volume.
  const double voxels = logUniform(m_options.minimumSizeFraction, m_options.maximumSizeFraction) *
                        double(m_brainVoxels.size());
  const bool planar = m_geometry.size[2] == 1;
  const double radius = planar ? std::sqrt(voxels / std::numbers::pi)
                               : std::cbrt(3.0 * voxels / (4.0 * std::numbers::pi));
  const double a = logUniform(0.67, 1.5);
  const double b = planar ? 1.0 / a : logUniform(0.67, 1.5);
  spec.radii = {radius * a, radius * b, planar ? 1.0 : radius / (a * b)};
  spec.angle = uniform(0.0, std::numbers::pi);
  spec.softness = uniform(0.2, 0.6);
  const double sign = (m_random() & 1) ? 1.0 : -1.0;
  switch (family) {
    case LesionFamily::Ellipsoid:
      spec.amplitude = sign * uniform(0.2, 0.6) * m_intensityScale;
      break;
    case LesionFamily::Noise:
      spec.amplitude = uniform(0.1, 0.3) * m_intensityScale;
      break;
    case LesionFamily::Deformation:
      spec.amplitude = sign * uniform(0.4, 0.9);
      break;
    case LesionFamily::Patch:
      spec.amplitude = uniform(0.6, 1.0);
      spec.sourceOffset = patchOffset(spec.center, std::max(spec.radii[0], spec.radii[1]));
      break;
    case LesionFamily::Irregular:
      // Dark: CSF-like, as a chronic infarct on T1; bright: above white matter.
      spec.amplitude = sign > 0.0 ? uniform(1.0, 1.3) : uniform(-0.05, 0.2);
      spec.softness = uniform(0.1, 0.3);
      break;
  }
  spec.seed = m_random();
  return spec;
}

}  // namespace anomadiff::lesions
