#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

namespace anomadiff::engine {

/// Embeds integer timesteps: sinusoidal features (as in Transformers' positional encoding, so
/// nearby t get similar codes at every scale) followed by a 2-layer SiLU MLP.
class UNetTimeEmbeddingImpl : public torch::nn::Module {
 public:
  UNetTimeEmbeddingImpl(int sinusoidChannels, int outputChannels);

  /// timesteps: [B] int64 -> [B, outputChannels] float.
  torch::Tensor forward(const torch::Tensor& timesteps);

  /// cos/sin of t · 10000^(-i/half) for i < half = channels/2; zero-padded when channels is odd.
  static torch::Tensor sinusoids(const torch::Tensor& timesteps, int channels);

 private:
  int m_sinusoidChannels;
  torch::nn::Linear m_first{nullptr};
  torch::nn::Linear m_second{nullptr};
};
TORCH_MODULE(UNetTimeEmbedding);

}  // namespace anomadiff::engine
