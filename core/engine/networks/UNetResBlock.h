#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>

namespace anomadiff::engine {

/// ADM residual block: GroupNorm-SiLU-conv, then the time (+class) embedding enters either as
/// a scale and shift of the second normalisation or as an added bias, then SiLU-dropout-conv.
/// The last conv starts at zero so every block starts as the identity, which keeps deep UNets
/// trainable from the first step.
class UNetResBlockImpl : public torch::nn::Module {
 public:
  UNetResBlockImpl(int inChannels, int outChannels, int embeddingChannels, double dropout,
                   int maxNormGroups, bool scaleShiftNorm);

  /// x: [B, inChannels, H, W]; embedding: [B, embeddingChannels]. Returns [B, outChannels, H, W].
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& embedding);

 private:
  torch::nn::GroupNorm m_inNorm{nullptr};
  torch::nn::Conv2d m_inConv{nullptr};
  torch::nn::Linear m_embedding{nullptr};
  torch::nn::GroupNorm m_outNorm{nullptr};
  torch::nn::Dropout m_dropout{nullptr};
  torch::nn::Conv2d m_outConv{nullptr};
  torch::nn::Conv2d m_skip{nullptr};  // 1x1 when the channel count changes
  bool m_scaleShiftNorm;
};
TORCH_MODULE(UNetResBlock);

}  // namespace anomadiff::engine
