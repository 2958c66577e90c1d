#pragma once

#include "lesions/LesionFamily.h"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace anomadiff::lesions {

/// Everything that decides one synthetic lesion: the same spec on the same image gives the
/// same voxels. Positions and sizes are in voxel index units of the image it is applied to.
struct LesionSpec {
  LesionFamily family = LesionFamily::Ellipsoid;
  /// Centre as a continuous voxel index (x = index axis 0).
  std::array<double, 3> center{0.0, 0.0, 0.0};
  /// Semi-axes in voxels; radii[2] is ignored on 2D images.
  std::array<double, 3> radii{1.0, 1.0, 1.0};
  /// Rotation of the ellipsoid about index axis 2, in radians.
  double angle = 0.0;
  /// Fraction of the radius over which the change fades out (0: hard edge, 1: all fade).
  double softness = 0.3;
  /// Ellipsoid: intensity offset, > 0 bright, < 0 dark. Noise: standard deviation (> 0).
  /// Deformation: strength in [-1, 1], > 0 pushes tissue outwards, < 0 pulls it in (|s| <= 1
  /// keeps the warp one-to-one). Patch: blending alpha in (0, 1]. Irregular: the intensity
  /// that replaces the tissue, as a fraction of the brain's 1st..99th percentile range
  /// (0: the 1st percentile, CSF-dark; 1: the 99th; in [-0.5, 2]); < 0.5 reads as "dark".
  double amplitude = 0.0;
  /// Patch: the copied tissue comes from position + sourceOffset (voxels).
  std::array<double, 3> sourceOffset{0.0, 0.0, 0.0};
  /// Noise: seeds the noise field. Irregular: seeds the lobulated outline.
  std::uint64_t seed = 0;

  /// "bright"/"dark", "push"/"pull", or "none" for families without a sign.
  std::string_view polarity() const;
  /// One JSON object with every field (family by name, polarity for readers).
  std::string toJson() const;
  /// Throws InvalidArgument for malformed JSON, a missing field or an unknown family.
  static LesionSpec fromJson(std::string_view json);
  bool operator==(const LesionSpec&) const = default;
};

}  // namespace anomadiff::lesions
