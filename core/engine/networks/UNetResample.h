#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/pimpl.h>

namespace anomadiff::engine {

/// Halves the resolution with a learned stride-2 3x3 conv (ADM's conv_resample).
class UNetDownsampleImpl : public torch::nn::Module {
 public:
  explicit UNetDownsampleImpl(int channels);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  torch::nn::Conv2d m_conv{nullptr};
};
TORCH_MODULE(UNetDownsample);

/// Doubles the resolution: nearest-neighbour upsampling then a 3x3 conv (no checkerboard
/// artefacts, unlike a transposed conv).
class UNetUpsampleImpl : public torch::nn::Module {
 public:
  explicit UNetUpsampleImpl(int channels);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  torch::nn::Conv2d m_conv{nullptr};
};
TORCH_MODULE(UNetUpsample);

}  // namespace anomadiff::engine
