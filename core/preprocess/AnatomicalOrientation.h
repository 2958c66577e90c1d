#pragma once

#include "image/ImageGeometry.h"

#include <string>
#include <string_view>

namespace anomadiff::preprocess {

/// Three-letter orientation codes in the NIfTI / nibabel convention: letter c names where index
/// axis c points (R or L, A or P, S or I), so Colin27 as stored is "RAS" and the coronally stored
/// KmeansTest scan is "LSA". A slice model sees slices of index axis 2 with the in-plane axes of
/// its training volume, so a scan must be brought to the model's code before it is sliced.
class AnatomicalOrientation {
 public:
  /// The code of a grid from its direction cosines (each index axis rounded to its nearest
  /// anatomical axis); "" when two index axes round to the same anatomical axis (~45° obliques).
  static std::string codeOf(const ImageGeometry& geometry);

  /// True for three letters, one from each of the pairs R/L, A/P, S/I, in any order.
  static bool isValidCode(std::string_view code);

  /// The same voxels in the same physical places, re-indexed so the index axes point as `code`
  /// says: a permutation and flips of the axes, never an interpolation (voxel centres coincide
  /// exactly, oblique directions included). Throws InvalidArgument for an invalid code or a grid
  /// whose code is "".
  static ImageGeometry reoriented(const ImageGeometry& geometry, std::string_view code);
};

}  // namespace anomadiff::preprocess
