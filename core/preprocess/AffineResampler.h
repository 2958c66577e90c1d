#pragma once

#include "image/Image.h"
#include "preprocess/AffineTransform.h"
#include "preprocess/Interpolation.h"

namespace anomadiff::preprocess {

/// Resamples an image onto another grid through a physical transform: each target voxel takes
/// the source's value at targetToSource(its physical position). Voxels that fall outside the
/// source get `outside`. The result has exactly the target geometry.
class AffineResampler {
 public:
  static Image resample(const Image& source, const ImageGeometry& target,
                        const AffineTransform& targetToSource,
                        Interpolation interpolation = Interpolation::Linear, float outside = 0.0f);
};

}  // namespace anomadiff::preprocess
