#include "engine/networks/UNetAttentionBlock.h"

#include "engine/networks/UNetConfig.h"

#include <torch/torch.h>

#include <cmath>

namespace anomadiff::engine {

UNetAttentionBlockImpl::UNetAttentionBlockImpl(int channels, int heads, int maxNormGroups)
    : m_heads(heads) {
  namespace nn = torch::nn;
  m_norm = register_module("norm", nn::GroupNorm(nn::GroupNormOptions(
                                       normGroupsFor(channels, maxNormGroups), channels)));
  m_qkv = register_module("qkv", nn::Conv2d(nn::Conv2dOptions(channels, 3 * channels, 1)));
  m_projection =
      register_module("projection", nn::Conv2d(nn::Conv2dOptions(channels, channels, 1)));
  torch::NoGradGuard noGrad;
  m_projection->weight.zero_();
  m_projection->bias.zero_();
}

torch::Tensor UNetAttentionBlockImpl::forward(const torch::Tensor& x) {
  const auto batch = x.size(0);
  const auto channels = x.size(1);
  const auto pixels = x.size(2) * x.size(3);
  const auto headChannels = channels / m_heads;
  // [B, 3C, H, W] -> [B·heads, 3·headChannels, HW]; each head sees its own channel slice.
  const auto qkv = m_qkv(m_norm(x)).reshape({batch * m_heads, 3 * headChannels, pixels});
  const auto parts = qkv.chunk(3, 1);
  // Scaling q and k by d^-1/4 each (instead of the product by d^-1/2) keeps float32 values
  // small before the matrix product.
  const double scale = 1.0 / std::sqrt(std::sqrt(static_cast<double>(headChannels)));
  const auto query = parts[0] * scale;
  const auto key = parts[1] * scale;
  const auto weights = torch::softmax(torch::bmm(query.transpose(1, 2), key), -1);  // [BH, HW, HW]
  const auto attended = torch::bmm(parts[2], weights.transpose(1, 2));              // [BH, d, HW]
  return x + m_projection(attended.reshape({batch, channels, x.size(2), x.size(3)}));
}

}  // namespace anomadiff::engine
