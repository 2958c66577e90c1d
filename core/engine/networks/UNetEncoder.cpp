#include "engine/networks/UNetEncoder.h"

#include <torch/torch.h>

#include <algorithm>

namespace anomadiff::engine {

UNetEncoderImpl::UNetEncoderImpl(const UNetConfig& config) {
  config.validate();
  namespace nn = torch::nn;
  const int embedding = config.timeEmbeddingChannels();
  int channels = config.baseChannels;
  m_inputConv = register_module(
      "input_conv", nn::Conv2d(nn::Conv2dOptions(config.inChannels, channels, 3).padding(1)));
  m_skipChannels.push_back(channels);

  for (int level = 0; level < config.levels(); ++level) {
    const std::string prefix = "level" + std::to_string(level);
    const int levelChannels = config.baseChannels * config.channelMultipliers[level];
    const bool attention = std::find(config.attentionLevels.begin(), config.attentionLevels.end(),
                                     level) != config.attentionLevels.end();
    Level stage;
    for (int block = 0; block < config.resBlocksPerLevel; ++block) {
      const std::string name = prefix + "_res" + std::to_string(block);
      stage.resBlocks.push_back(
          register_module(name, UNetResBlock(channels, levelChannels, embedding, config.dropout,
                                             config.maxNormGroups, config.scaleShiftNorm)));
      channels = levelChannels;
      stage.attention.emplace_back(nullptr);
      if (attention) {
        stage.attention.back() = register_module(
            prefix + "_attention" + std::to_string(block),
            UNetAttentionBlock(channels, config.attentionHeads, config.maxNormGroups));
      }
      m_skipChannels.push_back(channels);
    }
    if (level + 1 < config.levels()) {
      stage.downsample = register_module(prefix + "_down", UNetDownsample(channels));
      m_skipChannels.push_back(channels);
    }
    m_levels.push_back(std::move(stage));
  }

  m_middleFirst =
      register_module("middle_res0", UNetResBlock(channels, channels, embedding, config.dropout,
                                                  config.maxNormGroups, config.scaleShiftNorm));
  if (config.bottleneckAttention) {
    m_middleAttention =
        register_module("middle_attention",
                        UNetAttentionBlock(channels, config.attentionHeads, config.maxNormGroups));
  }
  m_middleSecond =
      register_module("middle_res1", UNetResBlock(channels, channels, embedding, config.dropout,
                                                  config.maxNormGroups, config.scaleShiftNorm));
  m_outputChannels = channels;
}

UNetEncoderImpl::Output UNetEncoderImpl::forward(const torch::Tensor& x,
                                                 const torch::Tensor& embedding) {
  Output output;
  auto h = m_inputConv(x);
  output.skips.push_back(h);
  for (auto& stage : m_levels) {
    for (std::size_t block = 0; block < stage.resBlocks.size(); ++block) {
      h = stage.resBlocks[block](h, embedding);
      if (!stage.attention[block].is_empty()) h = stage.attention[block](h);
      output.skips.push_back(h);
    }
    if (!stage.downsample.is_empty()) {
      h = stage.downsample(h);
      output.skips.push_back(h);
    }
  }
  h = m_middleFirst(h, embedding);
  if (!m_middleAttention.is_empty()) h = m_middleAttention(h);
  output.features = m_middleSecond(h, embedding);
  return output;
}

}  // namespace anomadiff::engine
