#pragma once

#include "image/Image.h"
#include "preprocess/AffineTransform.h"
#include "preprocess/Interpolation.h"

namespace anomadiff::preprocess {

/// The outcome of AffineRegistration, holding both grids so results can be moved between them
/// without the caller having to keep track of which way the transform points.
struct AffineRegistrationResult {
  /// Maps physical points of the fixed (template) image to the moving image.
  AffineTransform fixedToMoving;
  ImageGeometry fixedGeometry;
  ImageGeometry movingGeometry;
  /// Mattes mutual information at the end (negative: lower is better).
  double finalMetric = 0.0;
  unsigned iterations = 0;
  double seconds = 0.0;

  /// A moving-grid image (the subject) resampled onto the fixed (template) grid.
  /// Throws InvalidArgument when its size is not the moving grid's.
  Image toFixed(const Image& movingImage, Interpolation interpolation = Interpolation::Linear,
                float outside = 0.0f) const;
  /// A map computed on the fixed grid brought back onto exactly the moving grid (size, spacing,
  /// origin, direction). Throws InvalidArgument when its size is not the fixed grid's.
  Image toMoving(const Image& fixedMap, Interpolation interpolation = Interpolation::Linear,
                 float outside = 0.0f) const;
};

}  // namespace anomadiff::preprocess
