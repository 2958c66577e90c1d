#pragma once

#include "engine/networks/UNetConfig.h"
#include "engine/networks/UNetEncoder.h"
#include "engine/networks/UNetTimeEmbedding.h"

#include <torch/nn/modules/embedding.h>

namespace anomadiff::engine {

/// The built-in ε-prediction network (ADM-style UNet, see UNetConfig). The decoder mirrors the
/// encoder with one extra res block per level, each consuming one skip tensor; the output conv
/// starts at zero, so an untrained model predicts ε̂ = 0.
class UNetImpl : public torch::nn::Module {
 public:
  /// Throws InvalidArgument for an invalid config.
  explicit UNetImpl(const UNetConfig& config);

  /// x: [B, inChannels, H, W] with H and W multiples of config().sizeDivisor(); timesteps: [B]
  /// int64; labels: [B] int64 in 0..classes-1 or -1 (null class), or an undefined tensor
  /// (all null). Labels are ignored by an unconditional model. Returns [B, outChannels, H, W].
  /// Throws InvalidArgument naming a bad shape or label.
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& timesteps,
                        const torch::Tensor& labels = {});

  /// The decoder's activations at the end of each level, lowest resolution first ([B, C_l, H_l,
  /// W_l]): the per-pixel representations the `fewshot` method learns from (Baranchuk et al.).
  std::vector<torch::Tensor> decoderFeatures(const torch::Tensor& x, const torch::Tensor& timesteps,
                                             const torch::Tensor& labels = {});
  /// C_l of decoderFeatures(), in the same order.
  std::vector<int> decoderFeatureChannels() const;
  const UNetConfig& config() const { return m_config; }
  /// Number of trainable scalars.
  std::int64_t parameterCount() const;

 private:
  struct Level {
    std::vector<UNetResBlock> resBlocks;
    std::vector<UNetAttentionBlock> attention;
    UNetUpsample upsample{nullptr};  // none at full resolution
  };

  /// forward(); also collects decoderFeatures() when `features` is not null.
  torch::Tensor run(const torch::Tensor& x, const torch::Tensor& timesteps,
                    const torch::Tensor& labels, std::vector<torch::Tensor>* features);
  void checkInputs(const torch::Tensor& x, const torch::Tensor& timesteps,
                   const torch::Tensor& labels) const;

  UNetConfig m_config;
  UNetTimeEmbedding m_timeEmbedding{nullptr};
  torch::nn::Embedding m_classEmbedding{nullptr};  // classes + 1 rows; the last is the null class
  UNetEncoder m_encoder{nullptr};
  std::vector<Level> m_levels;  // lowest resolution first
  torch::nn::GroupNorm m_outNorm{nullptr};
  torch::nn::Conv2d m_outConv{nullptr};
};
TORCH_MODULE(UNet);

}  // namespace anomadiff::engine
