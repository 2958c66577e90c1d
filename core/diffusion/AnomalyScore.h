#pragma once

#include <torch/torch.h>

namespace anomadiff::diffusion {

/// How a reconstruction becomes an anomaly map (seed §5.5: a plain pixel difference misses
/// lesions whose intensity the model can almost reproduce and lights edges it reproduces a
/// pixel off). Everything on the model grid, intensities in the model's [−1, 1] units.
class AnomalyScore {
 public:
  enum class Kind {
    Residual = 0,  ///< |x − x̂|
    Structural = 1,  ///< |x − x̂| · (1 − SSIM(x, x̂))₊: a residual counts where local structure
                     ///< (mean, contrast, correlation) differs too, not on a shifted edge alone
    Dissimilarity = 2,  ///< (1 − SSIM(x, x̂))₊ / 2 alone, in [0, 1]
    Normalized = 3,  ///< |x − x̂| / (σ̂ + σ₀): the residual in units of the ensemble's own spread
                     ///< (smoothed), so edges the members disagree on count less than a region
                     ///< they all reconstruct the same way and the input does not match
  };
  enum class Polarity {
    Both = 0,    ///< bright and dark anomalies
    Bright = 1,  ///< only where the input is brighter than the reconstruction (hyperintense)
    Dark = 2,    ///< only where it is darker (hypointense)
  };

  AnomalyScore(Kind kind, Polarity polarity);
  /// Reads the optional integer parameters "score" and "polarity" (0 when absent).
  static AnomalyScore fromCodes(int kind, int polarity);

  /// `input`, `reconstruction` (the ensemble mean), `variance` (the ensemble variance, zeros
  /// for one member): [B, 1, H, W]. Returns the map [B, 1, H, W], ≥ 0.
  torch::Tensor map(const torch::Tensor& input, const torch::Tensor& reconstruction,
                    const torch::Tensor& variance) const;
  torch::Tensor map(const torch::Tensor& input, const torch::Tensor& reconstruction) const {
    return map(input, reconstruction, torch::zeros_like(reconstruction));
  }
  /// SSIM map with an 7×7 Gaussian window (σ 1.5) and the constants of Wang et al. 2004 for a
  /// data range of 2; border pixels use a reflected window.
  static torch::Tensor ssim(const torch::Tensor& a, const torch::Tensor& b);

 private:
  Kind m_kind;
  Polarity m_polarity;
};

}  // namespace anomadiff::diffusion
