#pragma once

#include "engine/training/TrainingDataSource.h"

namespace anomadiff::engine {

/// All examples held in memory as two tensors (tests, and 2D slice sets small enough for RAM).
class TensorDataSource final : public TrainingDataSource {
 public:
  /// images: [N, C, H, W] float32; labels: [N] int64, or undefined for all-zero labels.
  /// Throws InvalidArgument for mismatched shapes, an empty set or non-float images.
  TensorDataSource(torch::Tensor images, torch::Tensor labels = {});

  std::int64_t size() const override { return m_images.size(0); }
  TrainingBatch get(const std::vector<std::int64_t>& indices) override;

 private:
  torch::Tensor m_images;
  torch::Tensor m_labels;
};

}  // namespace anomadiff::engine
