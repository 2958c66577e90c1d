// The implicit-guidance methods (THOR's harmonization, AutoDDPM's mask-stitch-resample, pDDPM's
// patches) against
// a denoiser whose answer is known in closed form: healthy data is (almost) a point mass at 0,
// so the optimal reconstruction of any input is 0. An input with a mild global offset (anatomy
// the model reproduces imperfectly) and a bright square (the lesion) then has a known plain
// residual: the offset everywhere, the square's height inside it. Both methods must keep the
// lesion's residual while shrinking the rest.
#include "../AnalyticDenoisers.h"
#include "common/Error.h"
#include "engine/io/TorchRuntime.h"
#include "engine/reconstruction/HarmonizedReconstruction.h"
#include "engine/reconstruction/PatchedReconstruction.h"
#include "engine/reconstruction/StitchedReconstruction.h"
#include "engine/reconstruction/TensorSmoothing.h"

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

/// Pixels drawn i.i.d. from N(0.2, 0.5²): the data of m_gaussian.
torch::Tensor gaussianSlices(std::int64_t count, std::uint64_t seed) {
  torch::Generator generator = at::detail::createCPUGenerator(seed);
  return 0.2 + 0.5 * torch::randn({count, 1, 32, 32}, generator, torch::kFloat32);
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

class ImplicitGuidanceTest : public QObject {
  Q_OBJECT

  const NoiseSchedule m_schedule = NoiseSchedule::linear(1000, 1e-4, 0.02);
  const test::GaussianMixtureModel m_healthy{m_schedule, {0.0}, 0.02};
  /// Per-pixel Gaussian data N(0.2, 0.5²) (gaussianSlices): its denoiser ignores context.
  const test::GaussianMixtureModel m_gaussian{m_schedule, {0.2}, 0.5};

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

  void autoDdpmMasksTheLesionAndKeepsTheRestAtTheInput() {
    c10::InferenceMode inference;
    test::AnalyticDenoiser denoiser(m_healthy);
    const GuidedModel model(denoiser, m_schedule);
    const auto input = offsetImageWithSquare();
    const auto brain = torch::ones_like(input);
    StitchingOptions stitching;
    stitching.resampleLevel = 150;
    stitching.maskQuantile = 0.9;  // the square is 6 % of the image
    stitching.dilation = 1;
    const StitchedReconstruction autoddpm(model, options(), stitching);
    // The optimal first reconstruction is 0: the mask is the (dilated) square, nothing else.
    const auto mask = autoddpm.anomalyMask(input, torch::zeros_like(input), brain);
    QCOMPARE(mask.masked_select(squareMask()).min().item<double>(), 1.0);
    const double masked = mask.sum().item<double>() / 2.0;
    // The σ = 1 smoothing widens the 8-pixel square by at most one pixel per side, the
    // dilation by one more.
    QVERIFY2(masked >= 64.0 && masked <= 12.0 * 12.0, qPrintable(QString::number(masked)));

    NullProgressSink progress;
    const auto result = autoddpm.run(input, brain, progress, CancelToken());
    const Contrast after = residualContrast(result.mean, input);
    qInfo("AutoDDPM: lesion %.3f background %.3f", after.lesion, after.background);
    QVERIFY(after.lesion > 0.8 * kLesion);  // the square is regenerated as healthy (≈ 0)
    QVERIFY(after.background < 0.1 * kOffset);
    // Far from the square the result is the input itself (RePaint's known region).
    const auto far = result.mean.index(
        {torch::indexing::Slice(), 0, torch::indexing::Slice(0, 6), torch::indexing::Slice(0, 6)});
    QVERIFY((far - kOffset).abs().max().item<double>() < 1e-6);
  }

  void autoDdpmRefusesAResampleLevelAboveL() {
    test::AnalyticDenoiser denoiser(m_healthy);
    const GuidedModel model(denoiser, m_schedule);
    StitchingOptions stitching;
    stitching.resampleLevel = options().level + 1;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, StitchedReconstruction(model, options(), stitching));
    stitching.resampleLevel = 100;
    stitching.maskQuantile = 1.0;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, StitchedReconstruction(model, options(), stitching));
  }

  void pddpmPatchesCoverTheGridAndRebuildEveryPixel() {
    c10::InferenceMode inference;
    test::AnalyticDenoiser denoiser(m_healthy);
    const GuidedModel model(denoiser, m_schedule);
    auto few = options();
    few.steps = 3;
    const PatchedReconstruction pddpm(model, few, 16, 12);
    QCOMPARE(pddpm.corners(32), (std::vector<std::int64_t>{0, 12, 16}));
    QCOMPARE(pddpm.corners(16), (std::vector<std::int64_t>{0}));
    // Every pixel lies in some patch and the healthy model regenerates it as healthy (≈ 0):
    // the stitched, overlap-averaged result is healthy everywhere, so the residual is the
    // input's deviation — the offset outside the square, the lesion inside.
    const auto input = offsetImageWithSquare();
    NullProgressSink progress;
    const auto result = pddpm.run(input, progress, CancelToken());
    QVERIFY2(result.mean.abs().max().item<double>() < 0.05,
             qPrintable(QString::number(result.mean.abs().max().item<double>())));
    const Contrast residual = residualContrast(result.mean, input);
    QVERIFY(std::fabs(residual.lesion - kLesion) < 0.05);
    QVERIFY(std::fabs(residual.background - kOffset) < 0.05);
  }

  void pddpmPatchPixelsFollowThePlainReconstruction() {
    // With a per-pixel model the context cannot matter: a patch pixel's trajectory is the plain
    // forward-noise + DDIM one, so both reconstruct Gaussian data N(0.2, 0.5²) equally well.
    c10::InferenceMode inference;
    test::AnalyticDenoiser denoiser(m_gaussian);
    const GuidedModel model(denoiser, m_schedule);
    const auto clean = gaussianSlices(16, 9);
    auto plainOptions = options();
    plainOptions.ensemble = 1;
    plainOptions.steps = 5;
    NullProgressSink progress;
    const double plain =
        (ReconstructionPipeline(model, plainOptions).run(clean, progress, CancelToken()).mean -
         clean)
            .abs()
            .mean()
            .item<double>();
    const double patched = (PatchedReconstruction(model, plainOptions, 32, 32)
                                .run(clean, progress, CancelToken())
                                .mean -
                            clean)
                               .abs()
                               .mean()
                               .item<double>();
    qInfo("mean |x̂ - x|: plain %.4f, one full patch %.4f", plain, patched);
    QVERIFY(std::fabs(patched / plain - 1.0) < 0.05);
  }

  void pddpmNoisesWithTheKindItIsGiven() {
    // A per-pixel model turns whatever noise it gets into the error x̂ − x, so the error keeps
    // the noise's spatial correlation: near 0 between neighbours for Gaussian noise, high for
    // coarse (upsampled octaves) — the kind a coarse-noise model was trained to undo.
    c10::InferenceMode inference;
    test::AnalyticDenoiser denoiser(m_gaussian);
    const GuidedModel model(denoiser, m_schedule);
    const auto clean = gaussianSlices(8, 11);
    const auto neighbourCorrelation = [&](NoiseGenerator::Kind kind) {
      auto few = options();
      few.ensemble = 1;
      few.steps = 3;
      few.noise = kind;
      NullProgressSink progress;
      const auto error =
          PatchedReconstruction(model, few, 16, 8).run(clean, progress, CancelToken()).mean - clean;
      const auto centred = error - error.mean();
      const auto left = centred.narrow(3, 0, 31), right = centred.narrow(3, 1, 31);
      return ((left * right).mean() / centred.square().mean()).item<double>();
    };
    const double gaussian = neighbourCorrelation(NoiseGenerator::Kind::Gaussian);
    const double coarse = neighbourCorrelation(NoiseGenerator::Kind::Coarse);
    qInfo("neighbour correlation of x̂ − x: gaussian %.3f, coarse %.3f", gaussian, coarse);
    QVERIFY2(std::fabs(gaussian) < 0.05, qPrintable(QString::number(gaussian)));
    QVERIFY2(coarse > 0.15, qPrintable(QString::number(coarse)));
  }

  void pddpmRefusesBadPatches() {
    test::AnalyticDenoiser denoiser(m_healthy);
    const GuidedModel model(denoiser, m_schedule);
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, PatchedReconstruction(model, options(), 2, 1));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, PatchedReconstruction(model, options(), 16, 17));
    NullProgressSink progress;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                             PatchedReconstruction(model, options(), 64, 32)
                                 .run(offsetImageWithSquare(), progress, CancelToken()));
  }
};

QTEST_GUILESS_MAIN(ImplicitGuidanceTest)
#include "ImplicitGuidanceTest.moc"
