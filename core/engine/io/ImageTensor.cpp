#include "engine/io/ImageTensor.h"

#include "common/Error.h"

#include <torch/torch.h>

namespace anomadiff::engine {

torch::Tensor ImageTensor::toBatch(const Image& image) {
  const auto& size = image.geometry().size;
  return torch::from_blob(const_cast<float*>(image.voxels().data()),
                          {static_cast<std::int64_t>(size[2]), 1,
                           static_cast<std::int64_t>(size[1]), static_cast<std::int64_t>(size[0])},
                          torch::kFloat32)
      .clone();
}

Image ImageTensor::toImage(const torch::Tensor& batch, const ImageGeometry& geometry) {
  const auto& size = geometry.size;
  const std::vector<std::int64_t> expected{static_cast<std::int64_t>(size[2]), 1,
                                           static_cast<std::int64_t>(size[1]),
                                           static_cast<std::int64_t>(size[0])};
  if (batch.sizes() != at::IntArrayRef(expected)) {
    throw InvalidArgument("tensor shape does not match the image grid");
  }
  const auto values = batch.detach().to(torch::kFloat32).contiguous();
  const float* begin = values.data_ptr<float>();
  return Image(geometry, std::vector<float>(begin, begin + values.numel()));
}

}  // namespace anomadiff::engine
