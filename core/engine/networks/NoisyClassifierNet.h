#pragma once

#include "engine/networks/NoisyClassifierNetConfig.h"
#include "engine/networks/UNetEncoder.h"
#include "engine/networks/UNetTimeEmbedding.h"

namespace anomadiff::engine {

/// C(x_t, t): the UNet encoder + bottleneck, then GroupNorm-SiLU and the config's head (global
/// average pooling + linear, or per-cell 1x1 convolution). Either way the logits do not depend
/// on the image size.
class NoisyClassifierNetImpl : public torch::nn::Module {
 public:
  /// Throws InvalidArgument for an invalid config.
  explicit NoisyClassifierNetImpl(const NoisyClassifierNetConfig& config);

  /// x: [B, inChannels, H, W] (sides multiples of 2^(levels-1)); timesteps: [B] int64.
  /// Returns image logits [B, classes]. For the cell head they are the log-probabilities
  /// [log p(healthy), log p(anomalous)] of the image. Throws InvalidArgument naming a bad shape.
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& timesteps);
  /// Cell head only: logits [B, 2, h, w] per bottleneck cell (h = H / 2^(levels-1)).
  torch::Tensor cellLogits(const torch::Tensor& x, const torch::Tensor& timesteps);
  /// Pixels per cell side: H / h.
  int cellSize() const;

  const NoisyClassifierNetConfig& config() const { return m_config; }
  std::int64_t parameterCount() const;

 private:
  NoisyClassifierNetConfig m_config;
  UNetTimeEmbedding m_timeEmbedding{nullptr};
  UNetEncoder m_encoder{nullptr};
  torch::nn::GroupNorm m_outNorm{nullptr};
  torch::nn::Linear m_head{nullptr};
  torch::nn::Conv2d m_cellHead{nullptr};

  torch::Tensor features(const torch::Tensor& x, const torch::Tensor& timesteps);
};
TORCH_MODULE(NoisyClassifierNet);

}  // namespace anomadiff::engine
