#pragma once

#include "common/CancelToken.h"
#include "common/ProgressSink.h"
#include "engine/training/SliceDataset.h"
#include "image/Image.h"
#include "lesions/LesionFamily.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace anomadiff::engine {

struct SliceDatasetOptions {
  /// Model side in pixels; a multiple of 4 so the default 3-level UNet fits.
  std::size_t resolution = 64;
  /// Axial slices z in [holdoutBegin, holdoutEnd) are the evaluation's and never used; slices
  /// within holdoutMargin of the slab are skipped too (neighbours 1 mm apart look alike).
  std::size_t holdoutBegin = 84;
  std::size_t holdoutEnd = 100;
  std::size_t holdoutMargin = 0;
  /// A slice is used when its brain area is at least this fraction of the largest slice's.
  double minBrainFraction = 0.15;
  /// Lesioned copies (label 1) per healthy slice (label 0).
  int lesionsPerSlice = 2;
  std::uint64_t seed = 0;
  /// Families take turns over all lesioned copies, so each is equally represented.
  std::vector<lesions::LesionFamily> families{lesions::kAllLesionFamilies.begin(),
                                              lesions::kAllLesionFamilies.end()};
  /// Lesion sizes as fractions of the slice's brain area. The lower bound is above the lesion
  /// generator's default: a lesion of a few native pixels is invisible at 64 px, and a label
  /// "anomalous" on an image that shows nothing only teaches the classifier noise.
  double minLesionSize = 0.003;
  double maxLesionSize = 0.12;
  /// Box margin of the in-plane resampling (SlicePreprocessorOptions::margin).
  double margin = 0.05;
};

/// Builds a SliceDataset from one skull-stripped volume: axial slices (index axis 2) outside the
/// held-out slab with enough brain, each prepared by SlicePreprocessor (the inference path) as
/// a healthy example, plus lesioned copies made at native resolution (LesionSampler seeded per
/// slice, LesionGenerator) and then prepared the same way. Deterministic for a seed.
class SliceDatasetBuilder {
 public:
  using Options = SliceDatasetOptions;

  /// Throws InvalidArgument naming the first bad option.
  explicit SliceDatasetBuilder(Options options = {});

  /// `brainMask` (> 0 is brain) has the volume's size. `source` is recorded in the description
  /// (e.g. {"file", "sha256"}). Throws InvalidArgument for a 2D volume, a mask of another
  /// size, a slab outside the volume, or when no slice qualifies; Cancelled when cancelled.
  SliceDataset build(const Image& volume, const Image& brainMask, const nlohmann::json& source,
                     ProgressSink& progress, const CancelToken& cancel = {}) const;

  /// The slices build() uses, ascending (for callers that want to report them up front).
  std::vector<std::size_t> selectSlices(const Image& brainMask) const;

  const Options& options() const { return m_options; }

 private:
  Options m_options;
};

}  // namespace anomadiff::engine
