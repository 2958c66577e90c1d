#include "preprocess/PreparedScan.h"

#include "preprocess/AffineResampler.h"
#include "preprocess/SizeCheck.h"

namespace anomadiff::preprocess {

Image PreparedScan::toNative(const Image& modelSpaceMap, Interpolation interpolation,
                             float outside) const {
  requireSize(modelSpaceMap, image.geometry(), "model-space map");
  if (isNative()) return modelSpaceMap;
  // Reorienting moves no voxel centre: nearest neighbour is then an exact permutation.
  const Interpolation used = report.registered ? interpolation : Interpolation::Nearest;
  return AffineResampler::resample(modelSpaceMap, nativeGeometry, nativeToModel, used, outside);
}

AffineTransform PreparedScan::modelIndexToNativeIndex() const {
  return AffineTransform::indexToPhysical(nativeGeometry)
      .inverse()
      .after(nativeToModel.inverse().after(AffineTransform::indexToPhysical(image.geometry())));
}

}  // namespace anomadiff::preprocess
