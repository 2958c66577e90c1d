// The anomaly scores against answers worked out by hand: SSIM of an image with itself is 1,
// a constant offset changes only the luminance term, polarity keeps one sign of the residual.
#include "common/Error.h"
#include "diffusion/AnomalyScore.h"

#include <QtTest>

#include <torch/torch.h>

using anomadiff::InvalidArgument;
using anomadiff::diffusion::AnomalyScore;

namespace {

torch::Tensor texture() {
  // A smooth, non-constant pattern in [−0.8, 0.8].
  const auto y = torch::arange(32, torch::kFloat32).view({32, 1});
  const auto x = torch::arange(32, torch::kFloat32).view({1, 32});
  return (0.5 * torch::sin(0.4 * x) * torch::cos(0.3 * y) + 0.3 * torch::sin(0.2 * (x + y)))
      .view({1, 1, 32, 32});
}

}  // namespace

class AnomalyScoreTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void ssimOfAnImageWithItselfIsOne() {
    const auto image = texture();
    const auto ssim = AnomalyScore::ssim(image, image);
    QCOMPARE(ssim.sizes(), image.sizes());
    QVERIFY(torch::allclose(ssim, torch::ones_like(ssim), 0.0, 1e-5));
  }

  void constantOffsetLowersOnlyTheLuminanceTerm() {
    // b = a + d: variances and covariance are equal, so SSIM is the luminance term
    // (2 μa μb + C1) / (μa² + μb² + C1) everywhere; with a = 0 that is C1 / (d² + C1).
    const auto zero = torch::zeros({1, 1, 16, 16});
    const double d = 0.5;
    const auto ssim = AnomalyScore::ssim(zero, zero + d);
    const double c1 = 0.02 * 0.02;
    const double expected = c1 / (d * d + c1);
    QVERIFY(torch::allclose(ssim, torch::full_like(ssim, expected), 0.0, 1e-5));
  }

  void residualKeepsThePolarityAsked() {
    auto input = torch::zeros({1, 1, 8, 8});
    input.index_put_({0, 0, 2, 2}, 0.6);   // brighter than the reconstruction
    input.index_put_({0, 0, 5, 5}, -0.4);  // darker
    const auto reconstruction = torch::zeros_like(input);
    using K = AnomalyScore::Kind;
    using P = AnomalyScore::Polarity;
    const auto both = AnomalyScore(K::Residual, P::Both).map(input, reconstruction);
    const auto bright = AnomalyScore(K::Residual, P::Bright).map(input, reconstruction);
    const auto dark = AnomalyScore(K::Residual, P::Dark).map(input, reconstruction);
    QCOMPARE(both[0][0][2][2].item<float>(), 0.6f);
    QCOMPARE(both[0][0][5][5].item<float>(), 0.4f);
    QCOMPARE(bright[0][0][2][2].item<float>(), 0.6f);
    QCOMPARE(bright[0][0][5][5].item<float>(), 0.0f);
    QCOMPARE(dark[0][0][2][2].item<float>(), 0.0f);
    QCOMPARE(dark[0][0][5][5].item<float>(), 0.4f);
    QCOMPARE(both.sum().item<float>(), 1.0f);
  }

  void structuralScoresVanishOnAPerfectReconstruction() {
    const auto image = texture();
    using K = AnomalyScore::Kind;
    using P = AnomalyScore::Polarity;
    for (K kind : {K::Structural, K::Dissimilarity}) {
      const auto map = AnomalyScore(kind, P::Both).map(image, image);
      QVERIFY(map.abs().max().item<float>() < 1e-5f);
    }
  }

  void structuralScoreLightsAMissingBlobMoreThanItsSurroundings() {
    const auto reconstruction = texture();
    auto input = reconstruction.clone();
    input.index_put_({0, 0, torch::indexing::Slice(12, 20), torch::indexing::Slice(12, 20)},
                     -1.0);  // a dark lesion the reconstruction does not have
    using K = AnomalyScore::Kind;
    using P = AnomalyScore::Polarity;
    const auto map = AnomalyScore(K::Structural, P::Both).map(input, reconstruction);
    const float inside = map[0][0][16][16].item<float>();
    const float far = map[0][0][2][2].item<float>();
    QVERIFY(inside > 0.05f);
    QCOMPARE(far, 0.0f);
    // Dissimilarity is a proper [0, 1] map.
    const auto dissimilarity = AnomalyScore(K::Dissimilarity, P::Both).map(input, reconstruction);
    QVERIFY(dissimilarity.min().item<float>() >= 0.0f);
    QVERIFY(dissimilarity.max().item<float>() <= 1.0f);
  }

  void normalizedResidualDividesByTheSpread() {
    // A uniform variance v: the smoothed spread is √v everywhere, so the map is
    // |x − x̂| / (√v + 0.05) exactly.
    auto input = torch::zeros({1, 1, 12, 12});
    input.index_put_({0, 0, 6, 6}, 0.9);
    const auto reconstruction = torch::zeros_like(input);
    using K = AnomalyScore::Kind;
    using P = AnomalyScore::Polarity;
    const AnomalyScore normalized(K::Normalized, P::Both);
    const auto calm = normalized.map(input, reconstruction, torch::full_like(input, 0.0));
    const auto unsure = normalized.map(input, reconstruction, torch::full_like(input, 0.25));
    QVERIFY(std::abs(calm[0][0][6][6].item<float>() - 0.9f / 0.05f) < 1e-3f);
    QVERIFY(std::abs(unsure[0][0][6][6].item<float>() - 0.9f / 0.55f) < 1e-4f);
    QCOMPARE(unsure[0][0][0][0].item<float>(), 0.0f);
  }

  void unknownCodesAreRefused() {
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, AnomalyScore::fromCodes(4, 0));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, AnomalyScore::fromCodes(0, -1));
  }
};

QTEST_APPLESS_MAIN(AnomalyScoreTest)
#include "AnomalyScoreTest.moc"
