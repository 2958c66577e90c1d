#pragma once

#include "engine/reconstruction/ReconstructionPipeline.h"

#include <torch/types.h>

namespace anomadiff::engine {

/// How an ensemble of N reconstructions of a batch runs as one network batch: member-major
/// [N·B, C, H, W] in, mean and variance over the members out. Shared by every pipeline so the
/// ensemble statistics mean the same thing for every method.
class EnsembleBatch {
 public:
  /// [B, C, H, W] → [N·B, C, H, W], member-major.
  static torch::Tensor expand(const torch::Tensor& clean, std::int64_t members);
  /// [N·B, C, H, W] → mean, variance (zeros for N = 1) and the [N, B, C, H, W] samples.
  static Reconstruction summarize(const torch::Tensor& result, std::int64_t members);
};

}  // namespace anomadiff::engine
