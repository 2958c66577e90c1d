#include "diffusion/AnomalyScore.h"

#include "common/Error.h"

#include <cmath>
#include <string>

namespace anomadiff::diffusion {
namespace {

constexpr int kWindow = 7;
constexpr double kSigma = 1.5;
// (k · L)² with k1 = 0.01, k2 = 0.03 and the data range L = 2 of the [−1, 1] model units.
constexpr double kC1 = (0.01 * 2.0) * (0.01 * 2.0);
constexpr double kC2 = (0.03 * 2.0) * (0.03 * 2.0);
// Floor of the spread in the normalized score (model units): a few members can agree by chance,
// and a zero spread must not turn a tiny residual into a huge score.
constexpr double kSpreadFloor = 0.05;

torch::Tensor gaussianWindow() {
  const auto offsets = torch::arange(kWindow, torch::kFloat32) - (kWindow - 1) / 2.0;
  auto weights = torch::exp(-(offsets * offsets) / (2.0 * kSigma * kSigma));
  weights = weights / weights.sum();
  return torch::outer(weights, weights).view({1, 1, kWindow, kWindow});
}

torch::Tensor localMean(const torch::Tensor& x, const torch::Tensor& window) {
  const int pad = kWindow / 2;
  const auto padded = torch::nn::functional::pad(
      x, torch::nn::functional::PadFuncOptions({pad, pad, pad, pad}).mode(torch::kReflect));
  return torch::nn::functional::conv2d(padded, window);
}

}  // namespace

AnomalyScore::AnomalyScore(Kind kind, Polarity polarity) : m_kind(kind), m_polarity(polarity) {}

AnomalyScore AnomalyScore::fromCodes(int kind, int polarity) {
  if (kind < 0 || kind > 3) {
    throw InvalidArgument("anomaly score " + std::to_string(kind) +
                          " is not 0 (residual), 1 (structural), 2 (dissimilarity) or 3 "
                          "(normalized by the ensemble spread)");
  }
  if (polarity < 0 || polarity > 2) {
    throw InvalidArgument("polarity " + std::to_string(polarity) +
                          " is not 0 (both), 1 (bright) or 2 (dark)");
  }
  return AnomalyScore(static_cast<Kind>(kind), static_cast<Polarity>(polarity));
}

torch::Tensor AnomalyScore::ssim(const torch::Tensor& a, const torch::Tensor& b) {
  const auto window = gaussianWindow().to(a.dtype());
  const auto meanA = localMean(a, window);
  const auto meanB = localMean(b, window);
  const auto varianceA = localMean(a * a, window) - meanA * meanA;
  const auto varianceB = localMean(b * b, window) - meanB * meanB;
  const auto covariance = localMean(a * b, window) - meanA * meanB;
  return ((2.0 * meanA * meanB + kC1) * (2.0 * covariance + kC2)) /
         ((meanA * meanA + meanB * meanB + kC1) * (varianceA + varianceB + kC2));
}

torch::Tensor AnomalyScore::map(const torch::Tensor& input, const torch::Tensor& reconstruction,
                                const torch::Tensor& variance) const {
  const auto signedResidual = input - reconstruction;
  torch::Tensor residual;
  switch (m_polarity) {
    case Polarity::Both:
      residual = signedResidual.abs();
      break;
    case Polarity::Bright:
      residual = signedResidual.clamp_min(0.0);
      break;
    case Polarity::Dark:
      residual = (-signedResidual).clamp_min(0.0);
      break;
  }
  if (m_kind == Kind::Residual) return residual;
  if (m_kind == Kind::Normalized) {
    // The spread of N members is noisy per pixel: average the variance over the SSIM window.
    const auto spread =
        localMean(variance, gaussianWindow().to(variance.dtype())).clamp_min(0.0).sqrt();
    return residual / (spread + kSpreadFloor);
  }
  const auto dissimilarity = (1.0 - ssim(input, reconstruction)).clamp_min(0.0);
  if (m_kind == Kind::Structural) return residual * dissimilarity;
  // Polarity still applies: a dissimilar region whose residual has the other sign is dropped.
  const auto sameSign = m_polarity == Polarity::Both ? torch::ones_like(residual)
                                                     : (residual > 0.0).to(residual.dtype());
  return 0.5 * dissimilarity * sameSign;
}

}  // namespace anomadiff::diffusion
