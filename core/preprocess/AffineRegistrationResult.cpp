#include "preprocess/AffineRegistrationResult.h"

#include "common/Error.h"
#include "preprocess/AffineResampler.h"
#include "preprocess/SizeCheck.h"

namespace anomadiff::preprocess {

Image AffineRegistrationResult::toFixed(const Image& movingImage, Interpolation interpolation,
                                        float outside) const {
  requireSize(movingImage, movingGeometry, "moving image");
  return AffineResampler::resample(movingImage, fixedGeometry, fixedToMoving, interpolation,
                                   outside);
}

Image AffineRegistrationResult::toMoving(const Image& fixedMap, Interpolation interpolation,
                                         float outside) const {
  requireSize(fixedMap, fixedGeometry, "fixed-grid map");
  return AffineResampler::resample(fixedMap, movingGeometry, fixedToMoving.inverse(), interpolation,
                                   outside);
}

}  // namespace anomadiff::preprocess
