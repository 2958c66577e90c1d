#pragma once

#include "image/Image.h"

namespace anomadiff::preprocess {

struct IntensityNormalizerOptions {
  /// Percentiles (0..100) of the brain's intensities mapped to outputLow and outputHigh.
  double lowerPercentile = 1.0;
  double upperPercentile = 99.0;
  float outputLow = -1.0f;
  float outputHigh = 1.0f;
  /// Clip normalized values to [outputLow, outputHigh]. Clipped voxels cannot be restored by
  /// denormalize(); without clipping the round trip is exact up to float rounding.
  bool clip = true;
};

/// Percentile intensity normalization: a linear map sending the brain's lower/upper percentile
/// intensities to outputLow/outputHigh, and its exact inverse (for pseudo-healthy images that
/// must go back to the input's intensity scale). The two fitted intensities are all the state,
/// so a model bundle can store them.
class IntensityNormalizer {
 public:
  using Options = IntensityNormalizerOptions;

  /// Uses stored intensities; throws InvalidArgument when they are not finite and increasing or
  /// the output range is empty.
  IntensityNormalizer(double lowerValue, double upperValue, Options options = {});

  /// Fits the percentiles over the voxels where `mask` > 0 (all voxels without a mask).
  /// Throws InvalidArgument for NaN/infinite voxels (naming their count), a mask of another
  /// size, an empty mask, bad percentiles, or an image constant inside the mask.
  static IntensityNormalizer fit(const Image& image, const Image& mask, Options options = {});
  static IntensityNormalizer fit(const Image& image, Options options = {});

  /// The whole image (inside and outside the mask) goes through the same map. Throws
  /// InvalidArgument for NaN/infinite voxels, naming their count.
  Image normalize(const Image& image) const;
  Image denormalize(const Image& normalized) const;

  double lowerValue() const { return m_lowerValue; }
  double upperValue() const { return m_upperValue; }
  const Options& options() const { return m_options; }

 private:
  static IntensityNormalizer fitMasked(const Image& image, const Image* mask, Options options);

  double m_lowerValue;
  double m_upperValue;
  Options m_options;
};

}  // namespace anomadiff::preprocess
