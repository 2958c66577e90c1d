#include "engine/reconstruction/TensorSmoothing.h"

#include <torch/torch.h>

#include <cmath>

namespace anomadiff::engine {
namespace {

torch::Tensor kernel1d(double sigma) {
  const auto radius = static_cast<std::int64_t>(std::ceil(3.0 * sigma));
  const auto offsets = torch::arange(-radius, radius + 1, torch::kFloat32);
  const auto weights = torch::exp(-offsets.pow(2) / (2.0 * sigma * sigma));
  return weights / weights.sum();
}

}  // namespace

torch::Tensor TensorSmoothing::gaussian(const torch::Tensor& maps, double sigma) {
  if (sigma <= 0.0) return maps;
  const auto weights = kernel1d(sigma).to(maps.dtype());
  const std::int64_t radius = (weights.size(0) - 1) / 2;
  const std::int64_t channels = maps.size(1);
  namespace F = torch::nn::functional;
  // Depthwise: one kernel per channel, rows then columns.
  const auto rows = weights.view({1, 1, 1, -1}).repeat({channels, 1, 1, 1});
  const auto columns = weights.view({1, 1, -1, 1}).repeat({channels, 1, 1, 1});
  auto x = F::pad(maps, F::PadFuncOptions({radius, radius, 0, 0}).mode(torch::kReplicate));
  x = F::conv2d(x, rows, F::Conv2dFuncOptions().groups(channels));
  x = F::pad(x, F::PadFuncOptions({0, 0, radius, radius}).mode(torch::kReplicate));
  return F::conv2d(x, columns, F::Conv2dFuncOptions().groups(channels));
}

}  // namespace anomadiff::engine
