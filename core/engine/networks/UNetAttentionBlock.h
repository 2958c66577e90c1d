#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>

namespace anomadiff::engine {

/// Multi-head self-attention over all pixels of a feature map (used at low resolution, where
/// the H·W × H·W attention matrix is small), with a residual connection. The output projection
/// starts at zero so the block starts as the identity.
class UNetAttentionBlockImpl : public torch::nn::Module {
 public:
  UNetAttentionBlockImpl(int channels, int heads, int maxNormGroups);

  /// x: [B, C, H, W] -> [B, C, H, W].
  torch::Tensor forward(const torch::Tensor& x);

 private:
  int m_heads;
  torch::nn::GroupNorm m_norm{nullptr};
  torch::nn::Conv2d m_qkv{nullptr};
  torch::nn::Conv2d m_projection{nullptr};
};
TORCH_MODULE(UNetAttentionBlock);

}  // namespace anomadiff::engine
