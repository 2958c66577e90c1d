#pragma once

#include <torch/types.h>

namespace anomadiff::engine {

/// ε(x_t, t, class): predicts the noise in a batch of noisy images (seed Eq. 4). Implemented by
/// the built-in UNet, by TorchScript models (opt-in) and, in tests, by analytic denoisers.
class Denoiser {
 public:
  /// Label value meaning "no class" (the null class of classifier-free guidance).
  static constexpr std::int64_t kNoClass = -1;

  virtual ~Denoiser() = default;

  /// x: [B, C, H, W] float; timesteps: [B] int64 in 0..T-1; labels: [B] int64 class indices or
  /// kNoClass. Returns ε̂ with x's shape. Must not modify its inputs.
  virtual torch::Tensor predictNoise(const torch::Tensor& x, const torch::Tensor& timesteps,
                                     const torch::Tensor& labels) = 0;
  virtual bool isClassConditional() const { return false; }
};

/// log p(class | x_t, t) of a noisy classifier, differentiable in x (classifier guidance).
class NoisyClassifier {
 public:
  virtual ~NoisyClassifier() = default;
  /// x: [B, C, H, W]; timesteps: [B] int64. Returns logits [B, classes].
  virtual torch::Tensor logits(const torch::Tensor& x, const torch::Tensor& timesteps) = 0;
};

}  // namespace anomadiff::engine
