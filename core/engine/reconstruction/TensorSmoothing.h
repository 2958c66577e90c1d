#pragma once

#include <torch/types.h>

namespace anomadiff::engine {

/// Gaussian smoothing of [B, C, H, W] maps on the model grid (separable, edge-replicated), for
/// the intermediate anomaly maps the implicit-guidance methods steer with: an unsmoothed
/// residual follows single-pixel noise instead of regions.
class TensorSmoothing {
 public:
  /// σ in pixels; σ <= 0 returns the input unchanged.
  static torch::Tensor gaussian(const torch::Tensor& maps, double sigma);
};

}  // namespace anomadiff::engine
