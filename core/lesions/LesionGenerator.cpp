#include "lesions/LesionGenerator.h"

#include "common/Error.h"
#include "lesions/LesionSampler.h"
#include "lesions/LesionShape.h"
#include "preprocess/Percentiles.h"
#include "preprocess/SizeCheck.h"
#include "preprocess/VoxelSampler.h"

#include <array>
#include <cmath>
#include <limits>
#include <numbers>
#include <random>
#include <string>
#include <vector>

namespace anomadiff::lesions {
namespace {

using preprocess::Interpolation;
using preprocess::VoxelSampler;

void validate(const LesionSpec& spec) {
  const std::string family(lesionFamilyName(spec.family));
  for (double r : spec.radii) {
    if (!(r > 0.0) || !std::isfinite(r)) {
      throw InvalidArgument(family + " lesion radius " + std::to_string(r) + " is not > 0");
    }
  }
  if (!(spec.softness >= 0.0 && spec.softness <= 1.0)) {
    throw InvalidArgument(family + " lesion softness " + std::to_string(spec.softness) +
                          " is outside [0, 1]");
  }
  const double a = spec.amplitude;
  const bool ok = spec.family == LesionFamily::Ellipsoid     ? std::isfinite(a)
                  : spec.family == LesionFamily::Noise       ? a > 0.0 && std::isfinite(a)
                  : spec.family == LesionFamily::Deformation ? a >= -1.0 && a <= 1.0
                  : spec.family == LesionFamily::Irregular   ? a >= -0.5 && a <= 2.0
                                                             : a > 0.0 && a <= 1.0;
  if (!ok) {
    throw InvalidArgument(family + " lesion amplitude " + std::to_string(a) + " is out of range");
  }
}

/// Portable uniform and normal draws: std:: distributions differ between standard libraries,
/// and a spec must give the same noise wherever it is replayed.
double uniform01(std::mt19937_64& random) {
  return double(random() >> 11) * 0x1.0p-53;
}
double standardNormal(std::mt19937_64& random) {
  const double u1 = 1.0 - uniform01(random);  // (0, 1]: log is finite
  const double u2 = uniform01(random);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

/// The value the lesion proposes for voxel (x, y, z), before the epsilon rule.
class Proposal {
 public:
  /// `range`: the brain's 1st and 99th intensity percentiles (the irregular family's scale).
  Proposal(const Image& image, const Image& source, const LesionSpec& spec,
           const LesionShape& shape, const std::vector<double>& range)
      : m_image(image),
        m_spec(spec),
        m_shape(shape),
        m_linear(image, Interpolation::Linear, 0.0f),
        m_source(source, Interpolation::Linear, std::numeric_limits<float>::quiet_NaN()),
        m_random(spec.seed),
        m_replacement(range[0] + spec.amplitude * (range[1] - range[0])) {}

  float operator()(std::size_t x, std::size_t y, std::size_t z) {
    const float input = m_image.at(x, y, z);
    const double r = m_shape.radius(double(x), double(y), double(z));
    // Drawn for every voxel of the box in a fixed order, so the field does not depend on the
    // mask or on which voxels end up labelled.
    const double noise = m_spec.family == LesionFamily::Noise ? standardNormal(m_random) : 0.0;
    if (r >= 1.0) return input;
    const double w = m_shape.weight(r);
    switch (m_spec.family) {
      case LesionFamily::Ellipsoid:
        return static_cast<float>(input + w * m_spec.amplitude);
      case LesionFamily::Noise:
        return static_cast<float>(input + w * m_spec.amplitude * noise);
      case LesionFamily::Deformation: {
        // Radial field s (1 - r^2)^2 (p - c): smooth, zero at the surface, and one-to-one for
        // |s| <= 1. Sampling at p - d moves tissue outwards for s > 0.
        const double g = m_spec.amplitude * (1.0 - r * r) * (1.0 - r * r);
        const bool planar = m_image.depth() == 1;
        const double sx = double(x) - g * (double(x) - m_spec.center[0]);
        const double sy = double(y) - g * (double(y) - m_spec.center[1]);
        const double sz = planar ? 0.0 : double(z) - g * (double(z) - m_spec.center[2]);
        return m_linear(sx, sy, sz);
      }
      case LesionFamily::Patch: {
        const float copied =
            m_source(double(x) + m_spec.sourceOffset[0], double(y) + m_spec.sourceOffset[1],
                     double(z) + m_spec.sourceOffset[2]);
        if (std::isnan(copied)) return input;  // the source lies outside the image
        return static_cast<float>(input + m_spec.amplitude * w * (copied - input));
      }
      case LesionFamily::Irregular:
        return static_cast<float>(input + w * (m_replacement - input));
    }
    return input;
  }

 private:
  const Image& m_image;
  const LesionSpec& m_spec;
  const LesionShape& m_shape;
  VoxelSampler m_linear;
  VoxelSampler m_source;
  std::mt19937_64 m_random;
  double m_replacement;
};

std::size_t countBrain(const Image& mask) {
  std::size_t count = 0;
  for (float v : mask.voxels()) count += v > 0.0f;
  return count;
}

}  // namespace

LesionGenerator::LesionGenerator(Options options) : m_options(options) {}

LesionCase LesionGenerator::apply(const Image& image, const Image& brainMask,
                                  const LesionSpec& spec) const {
  return applyWith(image, brainMask, spec, image);
}

LesionCase LesionGenerator::apply(const Image& image, const Image& brainMask,
                                  const LesionSpec& spec, const Image& patchSource) const {
  preprocess::requireSize(patchSource, image.geometry(), "patch source");
  return applyWith(image, brainMask, spec, patchSource);
}

LesionCase LesionGenerator::applyWith(const Image& image, const Image& brainMask,
                                      const LesionSpec& spec, const Image& patchSource) const {
  preprocess::requireSize(brainMask, image.geometry(), "brain mask");
  validate(spec);
  if (const std::size_t bad = image.nonFiniteCount() + patchSource.nonFiniteCount(); bad > 0) {
    throw InvalidArgument("lesion input has " + std::to_string(bad) + " NaN or infinite voxels");
  }
  // Throws for an empty mask; the brain's intensity range sets the epsilon's scale.
  const std::array<double, 2> wanted{1.0, 99.0};
  const auto range = preprocess::maskedPercentiles(image, &brainMask, wanted);
  const double epsilon = m_options.relativeEpsilon * std::max(range[1] - range[0], 1e-12);

  LesionCase result;
  // Float32: lesion intensities are not integers even when the input was 8-bit.
  result.image =
      Image(image.geometry(), std::vector<float>(image.voxels().begin(), image.voxels().end()));
  result.label =
      Image(image.geometry(), std::vector<float>(image.voxelCount(), 0.0f), SampleType::UInt8);
  result.spec = spec;
  result.epsilon = epsilon;
  result.brainVoxels = countBrain(brainMask);
  const LesionShape shape(spec, image.geometry());
  if (shape.empty()) return result;
  Proposal propose(image, patchSource, spec, shape, range);
  const auto low = shape.low();
  const auto high = shape.high();
  for (std::size_t z = low[2]; z <= high[2]; ++z) {
    for (std::size_t y = low[1]; y <= high[1]; ++y) {
      for (std::size_t x = low[0]; x <= high[0]; ++x) {
        const float proposed = propose(x, y, z);
        if (!(brainMask.at(x, y, z) > 0.0f)) continue;
        // The label is decided on the stored float values, so it is exact by construction.
        if (std::abs(double(proposed) - double(image.at(x, y, z))) > epsilon) {
          result.image.at(x, y, z) = proposed;
          result.label.at(x, y, z) = 1.0f;
          ++result.labelVoxels;
        }
      }
    }
  }
  return result;
}

LesionCase LesionGenerator::generate(const Image& image, const Image& brainMask,
                                     LesionSampler& sampler, LesionFamily family) const {
  for (int attempt = 0; attempt < m_options.maximumAttempts; ++attempt) {
    LesionCase result = apply(image, brainMask, sampler.sample(family));
    if (result.labelVoxels >= m_options.minimumLabelVoxels) return result;
  }
  throw Error("no " + std::string(lesionFamilyName(family)) + " lesion changed " +
              std::to_string(m_options.minimumLabelVoxels) + " voxels in " +
              std::to_string(m_options.maximumAttempts) + " attempts (is the brain flat?)");
}

}  // namespace anomadiff::lesions
