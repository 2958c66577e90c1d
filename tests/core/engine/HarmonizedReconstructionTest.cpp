// THOR-style harmonized reconstruction against a denoiser whose answer is known in closed form:
// healthy data is (almost) a point mass at 0, so the optimal reconstruction of any input is 0.
// An input with a mild global offset (anatomy the model reproduces imperfectly) and a bright
// square (the lesion) then has a known plain residual: the offset everywhere, the square's
// height inside it. Harmonization must keep the lesion's residual while shrinking the rest.
#include "AnalyticDenoisers.h"
#include "common/Error.h"
#include "engine/HarmonizedReconstruction.h"
#include "engine/TensorSmoothing.h"
#include "engine/TorchRuntime.h"

#include <QtTest>

using namespace anomadiff;
using namespace anomadiff::engine;

namespace {

constexpr double kOffset = 0.25, kLesion = 1.0;

torch::Tensor offsetImageWithSquare() {
  auto image = torch::full({2, 1, 32, 32}, kOffset);
  image.index_put_(
      {torch::indexing::Slice(), 0, torch::indexing::Slice(12, 20), torch::indexing::Slice(12, 20)},
      kLesion);
  return image;
}

torch::Tensor squareMask() {
  auto mask = torch::zeros({2, 1, 32, 32}, torch::kBool);
  mask.index_put_(
      {torch::indexing::Slice(), 0, torch::indexing::Slice(12, 20), torch::indexing::Slice(12, 20)},
      true);
  return mask;
}

struct Contrast {
  double lesion, background;
};

Contrast residualContrast(const torch::Tensor& reconstruction, const torch::Tensor& input) {
  const auto residual = (reconstruction - input).abs();
  const auto inside = squareMask();
  return {residual.masked_select(inside).mean().item<double>(),
          residual.masked_select(~inside).mean().item<double>()};
}

ReconstructionOptions options() {
  ReconstructionOptions options;
  options.level = 300;
  options.steps = 20;
  options.ensemble = 2;
  options.seed = 3;
  return options;
}

}  // namespace

class HarmonizedReconstructionTest : public QObject {
  Q_OBJECT

  const NoiseSchedule m_schedule = NoiseSchedule::linear(1000, 1e-4, 0.02);
  const test::GaussianMixtureModel m_healthy{m_schedule, {0.0}, 0.02};

 private Q_SLOTS:
  void initTestCase() { TorchRuntime::setThreads(2); }

  void smoothingKeepsTheMeanAndSpreadsAPeak() {
    auto impulse = torch::zeros({1, 1, 21, 21});
    impulse.index_put_({0, 0, 10, 10}, 1.0);
    const auto smooth = TensorSmoothing::gaussian(impulse, 2.0);
    QVERIFY(std::fabs(smooth.sum().item<double>() - 1.0) < 1e-5);
    // A unit impulse through a normalized σ = 2 Gaussian peaks at 1 / (2π σ²) in 2D.
    QVERIFY(std::fabs(smooth.max().item<double>() - 1.0 / (8.0 * M_PI)) < 2e-3);
    QCOMPARE(TensorSmoothing::gaussian(impulse, 0.0).equal(impulse), true);
  }

  void weightIsZeroWhereThePredictionMatchesAndOneAtThePeak() {
    test::AnalyticDenoiser denoiser(m_healthy);
    const GuidedModel model(denoiser, m_schedule);
    const HarmonizedReconstruction thor(model, options(), 0.0);
    const auto input = offsetImageWithSquare();
    const auto masks = torch::ones_like(input);
    const auto weight = thor.harmonizationWeight(input, input, masks);
    QCOMPARE(weight.abs().max().item<double>(), 0.0);
    const auto towardsZero = thor.harmonizationWeight(torch::zeros_like(input), input, masks);
    QVERIFY(std::fabs(towardsZero.max().item<double>() - 1.0) < 1e-6);
    QVERIFY(std::fabs(towardsZero.min().item<double>() - kOffset / kLesion) < 1e-6);
    const auto outsideBrain =
        thor.harmonizationWeight(torch::zeros_like(input), input, squareMask().to(torch::kFloat32));
    QCOMPARE(outsideBrain.masked_select(~squareMask()).abs().max().item<double>(), 0.0);
  }

  void harmonizationKeepsTheLesionAndShrinksTheOffset() {
    c10::InferenceMode inference;
    test::AnalyticDenoiser denoiser(m_healthy);
    const GuidedModel model(denoiser, m_schedule);
    const auto input = offsetImageWithSquare();
    NullProgressSink progress;
    const auto plain = ReconstructionPipeline(model, options()).run(input, progress, CancelToken());
    const HarmonizedReconstruction thor(model, options(), 1.0);
    const auto harmonized = thor.run(input, torch::ones_like(input), progress, CancelToken());
    const Contrast before = residualContrast(plain.mean, input);
    const Contrast after = residualContrast(harmonized.mean, input);
    qInfo("plain: lesion %.3f background %.3f; THOR: lesion %.3f background %.3f", before.lesion,
          before.background, after.lesion, after.background);
    // The optimal denoiser removes everything: the plain residual is the input itself.
    QVERIFY(std::fabs(before.lesion - kLesion) < 0.05);
    QVERIFY(std::fabs(before.background - kOffset) < 0.05);
    // The last step blends with weight a itself, so the square's smoothed rim loses some of its
    // residual; its core keeps it.
    QVERIFY(after.lesion > 0.5 * before.lesion);
    QVERIFY(after.background < 0.5 * before.background);
    QVERIFY(after.lesion / after.background > 2.0 * before.lesion / before.background);
  }

  void sameSeedGivesTheSameResultAndBadArgumentsAreRefused() {
    c10::InferenceMode inference;
    test::AnalyticDenoiser denoiser(m_healthy);
    const GuidedModel model(denoiser, m_schedule);
    const auto input = offsetImageWithSquare();
    NullProgressSink progress;
    const HarmonizedReconstruction thor(model, options(), 1.0);
    const auto first = thor.run(input, torch::ones_like(input), progress, CancelToken());
    const auto second = thor.run(input, torch::ones_like(input), progress, CancelToken());
    QVERIFY(first.mean.equal(second.mean));
    QVERIFY(first.variance.sum().item<double>() > 0.0);
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, HarmonizedReconstruction(model, options(), -1.0));
    auto tooNoisy = options();
    tooNoisy.level = 1000;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, HarmonizedReconstruction(model, tooNoisy, 1.0));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                             thor.run(input, torch::ones({1, 1, 32, 32}), progress, CancelToken()));
  }
};

QTEST_GUILESS_MAIN(HarmonizedReconstructionTest)
#include "HarmonizedReconstructionTest.moc"
