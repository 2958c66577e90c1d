#pragma once

#include "image/Image.h"

#include <cstddef>

namespace anomadiff::preprocess {

/// Cuts one slice out of a volume as a 2D image (size[2] == 1) that keeps its physical place:
/// the slice's own origin, the volume's spacing and direction cosines, so a 2D result written
/// as NIfTI overlays the volume exactly.
class SliceExtractor {
 public:
  /// `axis` is the index axis across the slices (2 = axial for RAS/LPS volumes). The slice's
  /// axes are the two other index axes in increasing order; the third direction column is the
  /// cut axis. Throws InvalidArgument for an axis > 2 or an index outside the volume.
  static ImageGeometry sliceGeometry(const ImageGeometry& volume, int axis, std::size_t index);
  static Image extract(const Image& volume, int axis, std::size_t index);
};

}  // namespace anomadiff::preprocess
