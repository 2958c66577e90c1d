#pragma once

#include "image/Image.h"

#include <torch/types.h>

namespace anomadiff::engine {

/// Moves voxels between an Image (x fastest, then y, then z) and the engine's [B, C, H, W]
/// layout: each z-slice becomes one batch item, one channel, H = size[1], W = size[0].
class ImageTensor {
 public:
  static torch::Tensor toBatch(const Image& image);
  /// `batch` must be [D, 1, H, W] matching `geometry`'s size; values copied as float32.
  static Image toImage(const torch::Tensor& batch, const ImageGeometry& geometry);
};

}  // namespace anomadiff::engine
