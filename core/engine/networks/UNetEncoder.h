#pragma once

#include "engine/networks/UNetAttentionBlock.h"
#include "engine/networks/UNetConfig.h"
#include "engine/networks/UNetResBlock.h"
#include "engine/networks/UNetResample.h"

#include <vector>

namespace anomadiff::engine {

/// The contracting half of the UNet plus its bottleneck, shared by the denoiser UNet and the
/// noisy classifier: input conv, per level `resBlocksPerLevel` res blocks (each optionally
/// followed by attention) and a downsample, then res-attention-res at the lowest resolution.
class UNetEncoderImpl : public torch::nn::Module {
 public:
  struct Output {
    torch::Tensor features;            // bottleneck output
    std::vector<torch::Tensor> skips;  // for the decoder, in the order they were produced
  };

  explicit UNetEncoderImpl(const UNetConfig& config);

  /// x: [B, inChannels, H, W]; embedding: [B, timeEmbeddingChannels].
  Output forward(const torch::Tensor& x, const torch::Tensor& embedding);

  /// Channels of each skip tensor, in forward order (the decoder consumes them in reverse).
  const std::vector<int>& skipChannels() const { return m_skipChannels; }
  int outputChannels() const { return m_outputChannels; }

 private:
  struct Level {
    std::vector<UNetResBlock> resBlocks;
    std::vector<UNetAttentionBlock> attention;  // empty holders where a level has none
    UNetDownsample downsample{nullptr};         // none after the last level
  };

  torch::nn::Conv2d m_inputConv{nullptr};
  std::vector<Level> m_levels;
  UNetResBlock m_middleFirst{nullptr};
  UNetAttentionBlock m_middleAttention{nullptr};
  UNetResBlock m_middleSecond{nullptr};
  std::vector<int> m_skipChannels;
  int m_outputChannels = 0;
};
TORCH_MODULE(UNetEncoder);

}  // namespace anomadiff::engine
