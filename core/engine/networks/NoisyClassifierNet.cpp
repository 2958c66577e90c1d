#include "engine/networks/NoisyClassifierNet.h"

#include "common/Error.h"

#include <torch/torch.h>

#include <sstream>

namespace anomadiff::engine {

NoisyClassifierNetImpl::NoisyClassifierNetImpl(const NoisyClassifierNetConfig& config)
    : m_config(config) {
  config.validate();
  namespace nn = torch::nn;
  const auto encoderConfig = config.encoderConfig();
  m_timeEmbedding = register_module(
      "time_embedding",
      UNetTimeEmbedding(config.baseChannels, encoderConfig.timeEmbeddingChannels()));
  m_encoder = register_module("encoder", UNetEncoder(encoderConfig));
  const int channels = m_encoder->outputChannels();
  m_outNorm = register_module(
      "out_norm",
      nn::GroupNorm(nn::GroupNormOptions(normGroupsFor(channels, config.maxNormGroups), channels)));
  if (config.head == NoisyClassifierNetConfig::kCellHead) {
    m_cellHead =
        register_module("cell_head", nn::Conv2d(nn::Conv2dOptions(channels, config.classes, 1)));
  } else {
    m_head = register_module("head", nn::Linear(channels, config.classes));
  }
}

torch::Tensor NoisyClassifierNetImpl::forward(const torch::Tensor& x,
                                              const torch::Tensor& timesteps) {
  if (!m_cellHead) return m_head(features(x, timesteps).mean({2, 3}));
  // The image is healthy when every cell is: log p(healthy) = sum of the cells' log p(healthy).
  // Clamped below 0 so that log p(anomalous) = log(1 - p(healthy)) stays finite.
  const auto cells = torch::log_softmax(cellLogits(x, timesteps), 1);
  const auto healthy = cells.select(1, 0).sum({1, 2}).clamp_max(-1e-6);
  // log(1 - e^h): expm1 is accurate near 0, log1p(-exp) far from it.
  const auto anomalous = torch::where(healthy.gt(-0.6931), torch::log(-torch::expm1(healthy)),
                                      torch::log1p(-torch::exp(healthy)));
  return torch::stack({healthy, anomalous}, 1);
}

torch::Tensor NoisyClassifierNetImpl::cellLogits(const torch::Tensor& x,
                                                 const torch::Tensor& timesteps) {
  if (!m_cellHead) {
    throw InvalidArgument("classifier head '" + m_config.head + "' has no per-cell logits");
  }
  return m_cellHead(features(x, timesteps));
}

int NoisyClassifierNetImpl::cellSize() const {
  return m_config.encoderConfig().sizeDivisor();
}

torch::Tensor NoisyClassifierNetImpl::features(const torch::Tensor& x,
                                               const torch::Tensor& timesteps) {
  const int divisor = m_config.encoderConfig().sizeDivisor();
  if (x.dim() != 4 || x.size(1) != m_config.inChannels || x.size(2) % divisor != 0 ||
      x.size(3) % divisor != 0 || timesteps.dim() != 1 || timesteps.size(0) != x.size(0)) {
    std::ostringstream message;
    message << "classifier input " << x.sizes() << " with timesteps " << timesteps.sizes()
            << " does not fit [B, " << m_config.inChannels << ", H, W] (sides multiples of "
            << divisor << ") and [B]";
    throw InvalidArgument(message.str());
  }
  const auto embedding = m_timeEmbedding(timesteps);
  return torch::silu(m_outNorm(m_encoder(x, embedding).features));
}

std::int64_t NoisyClassifierNetImpl::parameterCount() const {
  std::int64_t count = 0;
  for (const auto& parameter : parameters()) count += parameter.numel();
  return count;
}

}  // namespace anomadiff::engine
