#pragma once

#include "image/Image.h"

#include <cstddef>
#include <optional>

namespace anomadiff::preprocess {

struct BrainMaskOptions {
  /// Voxels above relativeThreshold x (the image's maximum) are brain candidates; `threshold`
  /// replaces that with an absolute intensity.
  double relativeThreshold = 0.02;
  std::optional<float> threshold;
  /// Work on each axial slice (index axis 2) alone instead of the whole volume: the right
  /// choice for 2D images and for stacks of slices that are not one connected brain.
  bool perSlice = false;
  bool keepLargestComponent = true;
  bool fillHoles = true;
};

/// Brain masks as images of 0 and 1 with the input's geometry (stored as uint8).
class BrainMask {
 public:
  /// 1 wherever a label image is > 0 (every tissue label counts as brain).
  static Image fromLabels(const Image& labels);

  /// From a skull-stripped image: threshold, keep the largest face-connected component, fill
  /// the holes (background not connected to the image border, e.g. dark ventricles).
  /// Throws InvalidArgument for non-finite voxels, naming their count.
  static Image fromSkullStripped(const Image& image, const BrainMaskOptions& options = {});

  /// The brain of `image`: from `labels` when given (its size must match the image's, else
  /// InvalidArgument naming both sizes), otherwise from the skull-stripped image itself
  /// (per slice for a 2D image).
  static Image forImage(const Image& image, const Image* labels);

  /// Number of voxels > 0.
  static std::size_t voxelCount(const Image& mask);
};

}  // namespace anomadiff::preprocess
