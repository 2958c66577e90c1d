#include "engine/training/TensorDataSource.h"

#include "common/Error.h"

#include <torch/torch.h>

#include <sstream>

namespace anomadiff::engine {

TensorDataSource::TensorDataSource(torch::Tensor images, torch::Tensor labels) {
  if (!images.defined() || images.dim() != 4 || images.size(0) == 0 ||
      images.scalar_type() != torch::kFloat32) {
    std::ostringstream message;
    message << "training images must be a non-empty float32 [N, C, H, W] tensor, got ";
    if (images.defined()) {
      message << images.sizes() << " " << images.scalar_type();
    } else {
      message << "none";
    }
    throw InvalidArgument(message.str());
  }
  if (!labels.defined()) labels = torch::zeros({images.size(0)}, torch::kInt64);
  if (labels.dim() != 1 || labels.size(0) != images.size(0)) {
    std::ostringstream message;
    message << "training labels have shape " << labels.sizes() << ", expected [" << images.size(0)
            << "]";
    throw InvalidArgument(message.str());
  }
  m_images = images.contiguous();
  m_labels = labels.to(torch::kInt64).contiguous();
}

TrainingBatch TensorDataSource::get(const std::vector<std::int64_t>& indices) {
  for (auto index : indices) {
    if (index < 0 || index >= size()) {
      throw InvalidArgument("training example index " + std::to_string(index) + " is outside 0.." +
                            std::to_string(size() - 1));
    }
  }
  const auto selection = torch::tensor(indices, torch::kInt64);
  return {m_images.index_select(0, selection), m_labels.index_select(0, selection), {}};
}

}  // namespace anomadiff::engine
