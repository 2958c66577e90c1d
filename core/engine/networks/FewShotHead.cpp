#include "engine/networks/FewShotHead.h"

#include "common/Error.h"
#include "engine/io/SafeTensorsModule.h"
#include "engine/networks/UNetConfig.h"

#include <torch/torch.h>

namespace anomadiff::engine {

FewShotHeadImpl::FewShotHeadImpl(const FewShotHeadConfig& config) : m_config(config) {
  m_config.validate();
  namespace nn = torch::nn;
  const int channels = m_config.featureChannels;
  for (std::size_t i = 0; i < m_config.timesteps.size(); ++i) {
    nn::Sequential head(nn::GroupNorm(nn::GroupNormOptions(normGroupsFor(channels, 8), channels)),
                        nn::Conv2d(nn::Conv2dOptions(channels, m_config.hidden, 1)), nn::SiLU(),
                        nn::Conv2d(nn::Conv2dOptions(m_config.hidden, 1, 1)));
    m_heads.push_back(register_module("head_t" + std::to_string(m_config.timesteps[i]), head));
  }
}

std::vector<torch::Tensor> FewShotHeadImpl::forward(const std::vector<torch::Tensor>& features) {
  if (features.size() != m_heads.size()) {
    throw InvalidArgument("fewshot head expects features at " + std::to_string(m_heads.size()) +
                          " timesteps, got " + std::to_string(features.size()));
  }
  std::vector<torch::Tensor> logits;
  for (std::size_t i = 0; i < features.size(); ++i) {
    if (features[i].dim() != 4 || features[i].size(1) != m_config.featureChannels) {
      throw InvalidArgument("fewshot head expects [B, " + std::to_string(m_config.featureChannels) +
                            ", H, W] features");
    }
    logits.push_back(m_heads[i]->forward(features[i]));
  }
  return logits;
}

std::shared_ptr<FewShotHeadImpl> FewShotHeadImpl::fromFile(const FewShotHeadConfig& config,
                                                           const std::filesystem::path& weights) {
  auto head = std::make_shared<FewShotHeadImpl>(config);
  SafeTensorsModule::load(*head, weights);
  head->eval();
  for (auto& parameter : head->parameters()) parameter.requires_grad_(false);
  return head;
}

torch::Tensor FewShotHeadImpl::probability(const std::vector<torch::Tensor>& features) {
  torch::Tensor sum;
  for (const auto& logit : forward(features)) {
    sum = sum.defined() ? sum + torch::sigmoid(logit) : torch::sigmoid(logit);
  }
  return sum / static_cast<double>(m_heads.size());
}

}  // namespace anomadiff::engine
