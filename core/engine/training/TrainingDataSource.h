#pragma once

#include <torch/types.h>

#include <cstdint>
#include <vector>

namespace anomadiff::engine {

/// A batch of training examples.
struct TrainingBatch {
  torch::Tensor images;       // [B, C, H, W] float32
  torch::Tensor labels;       // [B] int64 (class indices; the diffusion trainer ignores them for
                              // unconditional models)
  torch::Tensor lesionMasks;  // [B, 1, H, W] float32 in {0, 1} where the source knows them
                              // (per-location classifier targets); undefined otherwise
};

/// Where the trainers pull examples from. Index-based, so the trainer owns the data order: it
/// shuffles with its own seeded generator and a resumed run continues with exactly the
/// examples an uninterrupted run would have seen.
class TrainingDataSource {
 public:
  virtual ~TrainingDataSource() = default;
  virtual std::int64_t size() const = 0;
  /// The examples at `indices` (each in 0..size()-1), stacked in that order.
  virtual TrainingBatch get(const std::vector<std::int64_t>& indices) = 0;
};

}  // namespace anomadiff::engine
