#include "engine/NoisyClassifierNet.h"

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
  m_head = register_module("head", nn::Linear(channels, config.classes));
}

torch::Tensor NoisyClassifierNetImpl::forward(const torch::Tensor& x,
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
  const auto features = torch::silu(m_outNorm(m_encoder(x, embedding).features));
  return m_head(features.mean({2, 3}));
}

std::int64_t NoisyClassifierNetImpl::parameterCount() const {
  std::int64_t count = 0;
  for (const auto& parameter : parameters()) count += parameter.numel();
  return count;
}

}  // namespace anomadiff::engine
