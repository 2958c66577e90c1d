#include "engine/networks/UNetResample.h"

#include <torch/torch.h>

namespace anomadiff::engine {

UNetDownsampleImpl::UNetDownsampleImpl(int channels) {
  m_conv = register_module(
      "conv",
      torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, channels, 3).stride(2).padding(1)));
}

torch::Tensor UNetDownsampleImpl::forward(const torch::Tensor& x) {
  return m_conv(x);
}

UNetUpsampleImpl::UNetUpsampleImpl(int channels) {
  m_conv = register_module(
      "conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, channels, 3).padding(1)));
}

torch::Tensor UNetUpsampleImpl::forward(const torch::Tensor& x) {
  namespace F = torch::nn::functional;
  const auto upsampled =
      F::interpolate(x, F::InterpolateFuncOptions()
                            .size(std::vector<std::int64_t>{2 * x.size(2), 2 * x.size(3)})
                            .mode(torch::kNearest));
  return m_conv(upsampled);
}

}  // namespace anomadiff::engine
