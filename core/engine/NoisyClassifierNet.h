#pragma once

#include "engine/NoisyClassifierNetConfig.h"
#include "engine/UNetEncoder.h"
#include "engine/UNetTimeEmbedding.h"

namespace anomadiff::engine {

/// C(x_t, t): the UNet encoder + bottleneck, then GroupNorm-SiLU-global average pooling-linear.
/// Average pooling makes the logits independent of the image size.
class NoisyClassifierNetImpl : public torch::nn::Module {
 public:
  /// Throws InvalidArgument for an invalid config.
  explicit NoisyClassifierNetImpl(const NoisyClassifierNetConfig& config);

  /// x: [B, inChannels, H, W] (sides multiples of 2^(levels-1)); timesteps: [B] int64.
  /// Returns logits [B, classes]. Throws InvalidArgument naming a bad shape.
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& timesteps);

  const NoisyClassifierNetConfig& config() const { return m_config; }
  std::int64_t parameterCount() const;

 private:
  NoisyClassifierNetConfig m_config;
  UNetTimeEmbedding m_timeEmbedding{nullptr};
  UNetEncoder m_encoder{nullptr};
  torch::nn::GroupNorm m_outNorm{nullptr};
  torch::nn::Linear m_head{nullptr};
};
TORCH_MODULE(NoisyClassifierNet);

}  // namespace anomadiff::engine
