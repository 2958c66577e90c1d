#pragma once

#include "engine/networks/FewShotHeadConfig.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/pimpl.h>

#include <filesystem>
#include <memory>
#include <vector>

namespace anomadiff::engine {

/// One small per-pixel classifier per noise level (1 × 1 convolutions: GroupNorm, C → hidden,
/// SiLU, hidden → 1) over diffusion features (DiffusionFeatures). forward() gives each level's
/// lesion logit; probability() averages their sigmoids (timestep ensembling).
class FewShotHeadImpl : public torch::nn::Module {
 public:
  explicit FewShotHeadImpl(const FewShotHeadConfig& config);

  /// features: one [B, featureChannels, H, W] per configured timestep. Returns the logits
  /// [B, 1, H, W] per timestep. Throws InvalidArgument naming a count or channel mismatch.
  std::vector<torch::Tensor> forward(const std::vector<torch::Tensor>& features);
  /// Mean over timesteps of sigmoid(logit): P(lesion) per pixel, [B, 1, H, W].
  torch::Tensor probability(const std::vector<torch::Tensor>& features);
  const FewShotHeadConfig& config() const { return m_config; }

  /// The head described by `config` with its weights from a safetensors file, in eval mode and
  /// frozen. Throws IoError for a file that does not match the config.
  static std::shared_ptr<FewShotHeadImpl> fromFile(const FewShotHeadConfig& config,
                                                   const std::filesystem::path& weights);

 private:
  FewShotHeadConfig m_config;
  std::vector<torch::nn::Sequential> m_heads;
};

TORCH_MODULE(FewShotHead);

}  // namespace anomadiff::engine
