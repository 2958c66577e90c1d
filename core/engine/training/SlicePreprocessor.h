#pragma once

#include "image/Image.h"
#include "preprocess/IntensityNormalizer.h"
#include "preprocess/Resampler.h"

#include <cstddef>

namespace anomadiff::engine {

struct SlicePreprocessorOptions {
  /// The model's side in pixels.
  std::size_t resolution = 64;
  /// Space around the brain's bounding box, per side, as a fraction of its longer side.
  double margin = 0.05;
  /// Brain percentiles mapped to -1 and 1 (values beyond are clipped).
  double lowerPercentile = 1.0;
  double upperPercentile = 99.0;
  /// What every pixel outside the brain becomes: the model never has to explain background.
  float background = -1.0f;
};

/// One 2D slice on the model's grid, with what is needed to bring results back.
struct PreprocessedSlice {
  /// resolution x resolution x 1, brain intensities in [-1, 1], `background` outside the brain.
  Image image;
  /// The same map without clipping: what the anomaly map compares the reconstruction with, so
  /// a lesion brighter than the brain's upper percentile keeps its full residual instead of
  /// being flattened to 1 — where the healthy reconstruction of white matter also sits.
  Image unclipped;
  /// 0/1 on the model grid (nearest-neighbour resampling of the input mask).
  Image mask;
  /// The native grid <-> model grid map (toInput brings maps back onto the input slice).
  preprocess::Resampler resampler;
  /// Fitted on the model-grid brain; denormalize() restores input intensities.
  preprocess::IntensityNormalizer normalizer;
};

/// The one "native slice -> model input" step, shared by the dataset builder (training) and the
/// localization (inference), so that both see identically prepared images: the brain's box is
/// centred in a square and resampled to the model's side (anti-aliased), then a percentile
/// normalization fitted inside the resampled brain maps it to [-1, 1] with clipping, and pixels
/// outside the brain are set to the background value.
class SlicePreprocessor {
 public:
  using Options = SlicePreprocessorOptions;

  /// Throws InvalidArgument for a resolution < 8, a negative margin or bad percentiles.
  explicit SlicePreprocessor(Options options = {});

  /// `slice` is a 2D image (size[2] == 1) and `mask` its brain mask (> 0 is brain) on the same
  /// grid. Throws InvalidArgument for a 3D image, a mask of another size, an empty mask, a
  /// brain that vanishes at the model's resolution, or a brain of constant intensity.
  PreprocessedSlice prepare(const Image& slice, const Image& mask) const;

  const Options& options() const { return m_options; }

 private:
  Options m_options;
};

}  // namespace anomadiff::engine
