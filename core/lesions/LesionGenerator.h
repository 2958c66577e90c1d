#pragma once

#include "image/Image.h"
#include "lesions/LesionCase.h"
#include "lesions/LesionSpec.h"

#include <cstddef>

namespace anomadiff::lesions {

class LesionSampler;

struct LesionGeneratorOptions {
  /// Changes smaller than relativeEpsilon x (99th - 1st percentile of the brain's intensities)
  /// are undone, so a label never marks an invisible change and no unlabelled voxel changes.
  double relativeEpsilon = 0.01;
  /// generate() draws specs until a lesion changes at least this many voxels...
  std::size_t minimumLabelVoxels = 4;
  /// ...giving up (Error) after this many specs.
  int maximumAttempts = 50;
};

/// Applies synthetic lesions to real images. Only voxels inside the brain mask (> 0) change,
/// and the label is exact: label == 1 <=> |output - input| > epsilon <=> output != input.
/// Deterministic: the spec (with its seed) fixes every voxel.
class LesionGenerator {
 public:
  using Options = LesionGeneratorOptions;

  explicit LesionGenerator(Options options = {});

  /// Patch lesions copy from the image itself. Throws InvalidArgument for a mask of another
  /// size, an empty mask, NaN/infinite voxels, or a spec out of range (radii <= 0, softness
  /// outside [0, 1], noise amplitude <= 0, |deformation| > 1, alpha outside (0, 1]).
  LesionCase apply(const Image& image, const Image& brainMask, const LesionSpec& spec) const;
  /// Patch lesions copy from `patchSource` (same size, e.g. another subject or slice).
  LesionCase apply(const Image& image, const Image& brainMask, const LesionSpec& spec,
                   const Image& patchSource) const;

  /// Draws specs of `family` from the sampler until one changes enough voxels (a lesion on a
  /// flat region may change nothing). Throws Error after maximumAttempts specs.
  LesionCase generate(const Image& image, const Image& brainMask, LesionSampler& sampler,
                      LesionFamily family) const;

 private:
  LesionCase applyWith(const Image& image, const Image& brainMask, const LesionSpec& spec,
                       const Image& patchSource) const;

  Options m_options;
};

}  // namespace anomadiff::lesions
