#include "engine/networks/UNetResBlock.h"

#include "engine/networks/UNetConfig.h"

#include <torch/torch.h>

namespace anomadiff::engine {

UNetResBlockImpl::UNetResBlockImpl(int inChannels, int outChannels, int embeddingChannels,
                                   double dropout, int maxNormGroups, bool scaleShiftNorm)
    : m_scaleShiftNorm(scaleShiftNorm) {
  namespace nn = torch::nn;
  m_inNorm = register_module("in_norm", nn::GroupNorm(nn::GroupNormOptions(
                                            normGroupsFor(inChannels, maxNormGroups), inChannels)));
  m_inConv = register_module("in_conv",
                             nn::Conv2d(nn::Conv2dOptions(inChannels, outChannels, 3).padding(1)));
  m_embedding = register_module(
      "embedding", nn::Linear(embeddingChannels, scaleShiftNorm ? 2 * outChannels : outChannels));
  m_outNorm = register_module(
      "out_norm",
      nn::GroupNorm(nn::GroupNormOptions(normGroupsFor(outChannels, maxNormGroups), outChannels)));
  m_dropout = register_module("dropout", nn::Dropout(dropout));
  m_outConv = register_module(
      "out_conv", nn::Conv2d(nn::Conv2dOptions(outChannels, outChannels, 3).padding(1)));
  {
    torch::NoGradGuard noGrad;
    m_outConv->weight.zero_();
    m_outConv->bias.zero_();
  }
  if (inChannels != outChannels) {
    m_skip = register_module("skip", nn::Conv2d(nn::Conv2dOptions(inChannels, outChannels, 1)));
  }
}

torch::Tensor UNetResBlockImpl::forward(const torch::Tensor& x, const torch::Tensor& embedding) {
  auto h = m_inConv(torch::silu(m_inNorm(x)));
  // [B, E] -> [B, E', 1, 1] so it broadcasts over the image.
  const auto condition = m_embedding(torch::silu(embedding)).unsqueeze(-1).unsqueeze(-1);
  if (m_scaleShiftNorm) {
    const auto parts = condition.chunk(2, 1);
    h = m_outNorm(h) * (1 + parts[0]) + parts[1];
  } else {
    h = m_outNorm(h + condition);
  }
  h = m_outConv(m_dropout(torch::silu(h)));
  return (m_skip.is_empty() ? x : m_skip(x)) + h;
}

}  // namespace anomadiff::engine
