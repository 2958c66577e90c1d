#include "engine/networks/UNet.h"

#include "common/Error.h"

#include <torch/torch.h>

#include <algorithm>
#include <sstream>

namespace anomadiff::engine {
namespace {

std::string shapeText(const torch::Tensor& tensor) {
  std::ostringstream text;
  text << tensor.sizes();
  return text.str();
}

}  // namespace

UNetImpl::UNetImpl(const UNetConfig& config) : m_config(config) {
  config.validate();
  namespace nn = torch::nn;
  const int embedding = config.timeEmbeddingChannels();
  m_timeEmbedding =
      register_module("time_embedding", UNetTimeEmbedding(config.baseChannels, embedding));
  if (config.classes > 0) {
    m_classEmbedding =
        register_module("class_embedding", nn::Embedding(config.classes + 1, embedding));
  }
  m_encoder = register_module("encoder", UNetEncoder(config));

  std::vector<int> skips = m_encoder->skipChannels();
  int channels = m_encoder->outputChannels();
  for (int level = config.levels() - 1; level >= 0; --level) {
    const std::string prefix = "up_level" + std::to_string(level);
    const int levelChannels = config.baseChannels * config.channelMultipliers[level];
    const bool attention = std::find(config.attentionLevels.begin(), config.attentionLevels.end(),
                                     level) != config.attentionLevels.end();
    Level stage;
    // One block more than the encoder level: it also consumes the skip of the downsample (or of
    // the input conv at level 0).
    for (int block = 0; block <= config.resBlocksPerLevel; ++block) {
      const int skip = skips.back();
      skips.pop_back();
      stage.resBlocks.push_back(
          register_module(prefix + "_res" + std::to_string(block),
                          UNetResBlock(channels + skip, levelChannels, embedding, config.dropout,
                                       config.maxNormGroups, config.scaleShiftNorm)));
      channels = levelChannels;
      stage.attention.emplace_back(nullptr);
      if (attention) {
        stage.attention.back() = register_module(
            prefix + "_attention" + std::to_string(block),
            UNetAttentionBlock(channels, config.attentionHeads, config.maxNormGroups));
      }
    }
    if (level > 0) stage.upsample = register_module(prefix + "_up", UNetUpsample(channels));
    m_levels.push_back(std::move(stage));
  }

  m_outNorm = register_module(
      "out_norm",
      nn::GroupNorm(nn::GroupNormOptions(normGroupsFor(channels, config.maxNormGroups), channels)));
  m_outConv = register_module(
      "out_conv", nn::Conv2d(nn::Conv2dOptions(channels, config.outChannels, 3).padding(1)));
  torch::NoGradGuard noGrad;
  m_outConv->weight.zero_();
  m_outConv->bias.zero_();
}

void UNetImpl::checkInputs(const torch::Tensor& x, const torch::Tensor& timesteps,
                           const torch::Tensor& labels) const {
  if (x.dim() != 4 || x.size(1) != m_config.inChannels) {
    throw InvalidArgument("UNet input has shape " + shapeText(x) + ", expected [B, " +
                          std::to_string(m_config.inChannels) + ", H, W]");
  }
  const int divisor = m_config.sizeDivisor();
  if (x.size(2) % divisor != 0 || x.size(3) % divisor != 0 || x.size(2) == 0 || x.size(3) == 0) {
    throw InvalidArgument("UNet input size " + std::to_string(x.size(2)) + "x" +
                          std::to_string(x.size(3)) + " is not a multiple of " +
                          std::to_string(divisor) + " (2^(levels-1))");
  }
  if (timesteps.dim() != 1 || timesteps.size(0) != x.size(0)) {
    throw InvalidArgument("UNet timesteps have shape " + shapeText(timesteps) + ", expected [" +
                          std::to_string(x.size(0)) + "]");
  }
  if (labels.defined() && m_config.classes > 0) {
    if (labels.dim() != 1 || labels.size(0) != x.size(0)) {
      throw InvalidArgument("UNet labels have shape " + shapeText(labels) + ", expected [" +
                            std::to_string(x.size(0)) + "]");
    }
    if (labels.numel() > 0) {
      const auto low = labels.min().item<std::int64_t>();
      const auto high = labels.max().item<std::int64_t>();
      if (low < -1 || high >= m_config.classes) {
        throw InvalidArgument("UNet label " + std::to_string(low < -1 ? low : high) +
                              " is outside 0.." + std::to_string(m_config.classes - 1) +
                              " and is not the null class -1");
      }
    }
  }
}

torch::Tensor UNetImpl::forward(const torch::Tensor& x, const torch::Tensor& timesteps,
                                const torch::Tensor& labels) {
  return run(x, timesteps, labels, nullptr);
}

std::vector<torch::Tensor> UNetImpl::decoderFeatures(const torch::Tensor& x,
                                                     const torch::Tensor& timesteps,
                                                     const torch::Tensor& labels) {
  std::vector<torch::Tensor> features;
  run(x, timesteps, labels, &features);
  return features;
}

torch::Tensor UNetImpl::run(const torch::Tensor& x, const torch::Tensor& timesteps,
                            const torch::Tensor& labels, std::vector<torch::Tensor>* features) {
  checkInputs(x, timesteps, labels);
  auto embedding = m_timeEmbedding(timesteps);
  if (!m_classEmbedding.is_empty()) {
    const auto nullClass = torch::full({x.size(0)}, std::int64_t{m_config.classes}, torch::kInt64);
    const auto index = labels.defined()
                           ? torch::where(labels < 0, nullClass, labels.to(torch::kInt64))
                           : nullClass;
    embedding = embedding + m_classEmbedding(index);
  }
  auto encoded = m_encoder(x, embedding);
  auto h = encoded.features;
  auto& skips = encoded.skips;
  for (auto& stage : m_levels) {
    for (std::size_t block = 0; block < stage.resBlocks.size(); ++block) {
      h = stage.resBlocks[block](torch::cat({h, skips.back()}, 1), embedding);
      skips.pop_back();
      if (!stage.attention[block].is_empty()) h = stage.attention[block](h);
    }
    if (features != nullptr) features->push_back(h);
    if (!stage.upsample.is_empty()) h = stage.upsample(h);
  }
  return m_outConv(torch::silu(m_outNorm(h)));
}

std::vector<int> UNetImpl::decoderFeatureChannels() const {
  std::vector<int> channels;
  for (int level = m_config.levels() - 1; level >= 0; --level) {
    channels.push_back(m_config.baseChannels * m_config.channelMultipliers[level]);
  }
  return channels;
}

std::int64_t UNetImpl::parameterCount() const {
  std::int64_t count = 0;
  for (const auto& parameter : parameters()) count += parameter.numel();
  return count;
}

}  // namespace anomadiff::engine
