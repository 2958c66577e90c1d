#include "engine/networks/UNetTimeEmbedding.h"

#include <torch/torch.h>

#include <cmath>

namespace anomadiff::engine {

UNetTimeEmbeddingImpl::UNetTimeEmbeddingImpl(int sinusoidChannels, int outputChannels)
    : m_sinusoidChannels(sinusoidChannels) {
  m_first = register_module("first", torch::nn::Linear(sinusoidChannels, outputChannels));
  m_second = register_module("second", torch::nn::Linear(outputChannels, outputChannels));
}

torch::Tensor UNetTimeEmbeddingImpl::sinusoids(const torch::Tensor& timesteps, int channels) {
  const int half = channels / 2;
  const auto exponents =
      torch::arange(half, torch::kFloat32) / static_cast<float>(std::max(half, 1));
  const auto frequencies = torch::exp(exponents * static_cast<float>(-std::log(10000.0)));
  const auto angles = timesteps.to(torch::kFloat32).unsqueeze(1) * frequencies.unsqueeze(0);
  auto features = torch::cat({torch::cos(angles), torch::sin(angles)}, 1);
  if (channels % 2 == 1)
    features = torch::nn::functional::pad(features, torch::nn::functional::PadFuncOptions({0, 1}));
  return features;
}

torch::Tensor UNetTimeEmbeddingImpl::forward(const torch::Tensor& timesteps) {
  return m_second(torch::silu(m_first(sinusoids(timesteps, m_sinusoidChannels))));
}

}  // namespace anomadiff::engine
