// The samplers against closed-form answers: Gaussian data x_0 ~ N(0.2, 0.5²), whose optimal
// ε-predictor is known exactly (AnalyticDenoisers.h), and a two-class mixture with its Bayes
// classifier. Reference numbers for (a) come from an independent computation quoted in issue 3.
#include "../AnalyticDenoisers.h"
#include "common/Error.h"
#include "engine/io/TorchRuntime.h"
#include "engine/reconstruction/ReconstructionPipeline.h"
#include "engine/sampling/ClassifierGuidance.h"
#include "engine/sampling/SamplerRegistry.h"

#include <QtTest>

using namespace anomadiff;
using namespace anomadiff::engine;
using Encoder = ReconstructionOptions::Encoder;

namespace {

constexpr double kMean = 0.2, kSigma = 0.5;

torch::Tensor gaussianData(int count, std::uint64_t seed) {
  torch::Generator generator = at::detail::createCPUGenerator(seed);
  return kMean + kSigma * torch::randn({count, 1, 1, 1}, generator, torch::kFloat32);
}

/// Records the noisy image at the top of the encoding.
struct EncodingProbe {
  torch::Tensor top;
  void attach(ReconstructionPipeline& pipeline, int level) {
    pipeline.setObserver([this, level](const char* stage, int t, const torch::Tensor& x) {
      if (std::string(stage) == "encode" && t == level) top = x.clone();
    });
  }
};

/// Fraction of samples that end nearer the mixture's positive component.
double positiveShare(const torch::Tensor& samples) {
  return (samples > 0).to(torch::kFloat64).mean().item<double>();
}

}  // namespace

class SamplerAnalyticTest : public QObject {
  Q_OBJECT

  const NoiseSchedule m_schedule = NoiseSchedule::linear(1000, 1e-4, 0.02);

 private Q_SLOTS:
  void initTestCase() { TorchRuntime::setThreads(2); }

  void ddimEncodingThenDecodingReturnsTheInput_data() {
    QTest::addColumn<int>("steps");
    QTest::addColumn<double>("referenceError");
    QTest::addColumn<double>("referenceStd");
    QTest::newRow("K=1000") << 1000 << 0.0023 << 0.995;
    QTest::newRow("K=250") << 250 << 0.0090 << 0.987;
    QTest::newRow("K=50") << 50 << 0.044 << 0.942;
  }

  void ddimEncodingThenDecodingReturnsTheInput() {
    QFETCH(int, steps);
    QFETCH(double, referenceError);
    QFETCH(double, referenceStd);
    c10::InferenceMode inference;
    const test::GaussianMixtureModel data(m_schedule, {kMean}, kSigma);
    test::AnalyticDenoiser denoiser(data);
    GuidedModel model(denoiser, m_schedule);
    ReconstructionOptions options;
    options.encoder = Encoder::Ddim;
    options.sampler = "ddim";
    options.level = 999;
    options.steps = steps;
    ReconstructionPipeline pipeline(model, options);
    EncodingProbe probe;
    probe.attach(pipeline, 999);
    const auto clean = gaussianData(10000, 1);
    NullProgressSink progress;
    const auto reconstruction = pipeline.run(clean, progress, CancelToken()).mean;
    const double error = (reconstruction - clean).abs().mean().item<double>();
    const double std = probe.top.std().item<double>();
    const double mean = probe.top.mean().item<double>();
    qInfo("K=%d: mean|x̂0 - x0| = %.5f (reference %.4f), x_T mean %.4f std %.4f (reference %.3f)",
          steps, error, referenceError, mean, std, referenceStd);
    QVERIFY(std::fabs(error / referenceError - 1) < 0.10);
    QVERIFY(std::fabs(std / referenceStd - 1) < 0.10);
    QVERIFY(std::fabs(mean) < 0.03);
  }

  void secondOrderSamplersAreMoreAccurateThanDdimAtTheSameStepCount() {
    c10::InferenceMode inference;
    const test::GaussianMixtureModel data(m_schedule, {kMean}, kSigma);
    const auto clean = gaussianData(4096, 2);
    std::map<std::string, double> errors;
    for (const std::string sampler : {"ddim", "heun", "dpm-solver-2"}) {
      test::AnalyticDenoiser denoiser(data);
      GuidedModel model(denoiser, m_schedule);
      ReconstructionOptions options{
          Encoder::Ddim, NoiseGenerator::Kind::Gaussian, sampler, 999, 20, 1, 0};
      NullProgressSink progress;
      errors[sampler] =
          (ReconstructionPipeline(model, options).run(clean, progress, CancelToken()).mean - clean)
              .abs()
              .mean()
              .item<double>();
    }
    qInfo("20 steps: DDIM error %.5f, Heun error %.5f, DPM-Solver-2 error %.5f", errors["ddim"],
          errors["heun"], errors["dpm-solver-2"]);
    QVERIFY(errors["heun"] < 0.5 * errors["ddim"]);
    QVERIFY(errors["dpm-solver-2"] < 0.5 * errors["ddim"]);
  }

  // The registry's contract, for every row: from pure noise x_T ~ N(0, I), all 1000 steps with
  // the exact ε-predictor end in the data distribution N(0.2, 0.5²). (At 50 steps first-order
  // DDIM still shrinks the spread by ~7 %, at 250 by 2-3 %: the discretization error of its
  // encoding above; the full chain leaves sampling noise, ~0.8 % of the spread.)
  void everyRegisteredSamplerReproducesTheDataDistribution() {
    c10::InferenceMode inference;
    const test::GaussianMixtureModel data(m_schedule, {kMean}, kSigma);
    QCOMPARE(SamplerRegistry::names().front(), std::string("ddim"));  // index 0: the default
    for (const auto& entry : SamplerRegistry::entries()) {
      test::AnalyticDenoiser denoiser(data);
      GuidedModel model(denoiser, m_schedule);
      ReconstructionOptions options{
          Encoder::ForwardNoise, NoiseGenerator::Kind::Gaussian, entry.name, 999, 1000, 1, 3};
      const int count = 8192;
      torch::Generator generator = at::detail::createCPUGenerator(9);
      const auto start = torch::randn({count, 1, 1, 1}, generator, torch::kFloat32);
      NullProgressSink progress;
      const auto samples = ReconstructionPipeline(model, options)
                               .decode(start, generator, progress, CancelToken())
                               .to(torch::kFloat64);
      const double mean = samples.mean().item<double>(), std = samples.std().item<double>();
      qInfo("%s: mean %.4f, std %.4f (data %.2f, %.2f)", entry.name.c_str(), mean, std, kMean,
            kSigma);
      QVERIFY2(std::fabs(mean - kMean) < 0.03, entry.name.c_str());
      QVERIFY2(std::fabs(std / kSigma - 1.0) < 0.03, entry.name.c_str());
    }
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, SamplerRegistry::byName("euler-maruyama"));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, SamplerRegistry::byIndex(-1));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                             SamplerRegistry::byIndex(int(SamplerRegistry::entries().size())));
  }

  // Every step reports the x̂₀ and ε̂ it used: consistent with x_t by Eq. 2 inverted.
  void aStepReturnsTheCleanEstimateItUsed() {
    c10::InferenceMode inference;
    const test::GaussianMixtureModel data(m_schedule, {kMean}, kSigma);
    test::AnalyticDenoiser denoiser(data);
    GuidedModel model(denoiser, m_schedule);
    torch::Generator generator = at::detail::createCPUGenerator(4);
    const auto x = torch::randn({256, 1, 1, 1}, generator, torch::kFloat32);
    for (const auto& entry : SamplerRegistry::entries()) {
      const auto step = entry.create()->step(model, x, 600, 400, generator);
      const double alphaBar = m_schedule.alphaBar(600);
      const auto implied =
          std::sqrt(alphaBar) * step.clean + std::sqrt(1.0 - alphaBar) * step.epsilon;
      QVERIFY2(torch::allclose(implied, x, 1e-4, 1e-5), entry.name.c_str());
      QCOMPARE(step.next.sizes(), x.sizes());
    }
  }

  void ddpmAncestralSamplingReproducesTheDataDistribution_data() {
    QTest::addColumn<int>("steps");
    QTest::newRow("K=1000") << 1000;
    QTest::newRow("K=250 respaced") << 250;
  }

  void ddpmAncestralSamplingReproducesTheDataDistribution() {
    QFETCH(int, steps);
    c10::InferenceMode inference;
    const test::GaussianMixtureModel data(m_schedule, {kMean}, kSigma);
    test::AnalyticDenoiser denoiser(data);
    GuidedModel model(denoiser, m_schedule);
    ReconstructionOptions options{
        Encoder::ForwardNoise, NoiseGenerator::Kind::Gaussian, "ddpm", 999, steps, 1, 11};
    ReconstructionPipeline pipeline(model, options);
    const int count = 8192;
    torch::Generator generator = at::detail::createCPUGenerator(5);
    const auto start = torch::randn({count, 1, 1, 1}, generator, torch::kFloat32);  // x_T ~ N(0, I)
    NullProgressSink progress;
    const auto samples =
        pipeline.decode(start, generator, progress, CancelToken()).to(torch::kFloat64);
    const double mean = samples.mean().item<double>(), variance = samples.var().item<double>();
    const double meanError = kSigma / std::sqrt(count);
    const double varianceError = kSigma * kSigma * std::sqrt(2.0 / (count - 1));
    qInfo("K=%d: mean %.4f ± %.4f (data %.2f), variance %.4f ± %.4f (data %.2f)", steps, mean,
          meanError, kMean, variance, varianceError, kSigma * kSigma);
    QVERIFY(std::fabs(mean - kMean) < 3 * meanError);
    QVERIFY(std::fabs(variance - kSigma * kSigma) < 3 * varianceError);
  }

  void classifierGuidanceMovesSamplesTowardsTheTargetMonotonically_data() {
    QTest::addColumn<QString>("sampler");
    QTest::newRow("DDIM (noise shift)") << QString("ddim");
    QTest::newRow("DDPM (mean shift)") << QString("ddpm");
  }

  void classifierGuidanceMovesSamplesTowardsTheTargetMonotonically() {
    QFETCH(QString, sampler);
    c10::InferenceMode inference;
    const test::GaussianMixtureModel mixture(m_schedule, {-1.0, 1.0}, 0.3);
    test::AnalyticClassifier classifier(mixture);
    const int count = 4096;
    torch::Generator startGenerator = at::detail::createCPUGenerator(3);
    const auto start = torch::randn({count, 1, 1, 1}, startGenerator, torch::kFloat32);
    std::vector<double> shares, means;
    for (double scale : {0.0, 0.1, 0.25, 0.5, 1.0, 2.0}) {
      test::AnalyticDenoiser denoiser(mixture);
      GuidedModel model(denoiser, m_schedule);
      ClassifierGuidance guidance(classifier, 1, scale);
      model.setClassifierGuidance(&guidance);
      ReconstructionOptions options{Encoder::ForwardNoise,
                                    NoiseGenerator::Kind::Gaussian,
                                    sampler.toStdString(),
                                    999,
                                    50,
                                    1,
                                    9};
      torch::Generator generator = at::detail::createCPUGenerator(4);
      NullProgressSink progress;
      const auto samples =
          ReconstructionPipeline(model, options).decode(start, generator, progress, {});
      shares.push_back(positiveShare(samples));
      means.push_back(samples.mean().item<double>());
      qInfo("s=%.2f: share in target class %.4f, sample mean %.4f", scale, shares.back(),
            means.back());
    }
    // Unguided, the two equally likely classes split the samples (3 standard errors of 0.5).
    QVERIFY(std::fabs(shares[0] - 0.5) < 3 * 0.5 / std::sqrt(count));
    // Monotone: the share in the target class never drops and the samples move towards its mean
    // (+1) with every increase of s, strictly until the share saturates.
    for (std::size_t i = 1; i < shares.size(); ++i) {
      QVERIFY(shares[i] >= shares[i - 1]);
      QVERIFY(shares[i - 1] > 0.999 || shares[i] > shares[i - 1]);
      QVERIFY(means[i] > means[i - 1]);
    }
    QVERIFY(shares.back() > 0.99);
  }

  void classifierFreeGuidanceFollowsTheWeight() {
    c10::InferenceMode inference;
    const test::GaussianMixtureModel mixture(m_schedule, {-1.0, 1.0}, 0.3);
    torch::Generator startGenerator = at::detail::createCPUGenerator(6);
    const auto start = torch::randn({4096, 1, 1, 1}, startGenerator, torch::kFloat32);
    std::vector<double> means;
    for (double weight : {0.0, 1.0, 2.0}) {
      test::AnalyticDenoiser denoiser(mixture);
      GuidedModel model(denoiser, m_schedule);
      model.setClassifierFree(ClassifierFreeGuidance{1, weight});
      ReconstructionOptions options{
          Encoder::ForwardNoise, NoiseGenerator::Kind::Gaussian, "ddim", 999, 100, 1, 0};
      torch::Generator generator = at::detail::createCPUGenerator(1);
      NullProgressSink progress;
      means.push_back(ReconstructionPipeline(model, options)
                          .decode(start, generator, progress, {})
                          .mean()
                          .item<double>());
    }
    qInfo("sample mean at w = 0, 1, 2: %.4f %.4f %.4f", means[0], means[1], means[2]);
    QVERIFY(std::fabs(means[0]) < 0.1);         // the unconditional mixture is centred on 0
    QVERIFY(std::fabs(means[1] - 1.0) < 0.02);  // w = 1 samples the class-1 component exactly
    QVERIFY(means[2] > means[1]);               // w > 1 extrapolates past it
  }

  void forwardNoiseHasTheMarginalOfEquationTwo() {
    c10::InferenceMode inference;
    const test::GaussianMixtureModel data(m_schedule, {kMean}, kSigma);
    test::AnalyticDenoiser denoiser(data);
    GuidedModel model(denoiser, m_schedule);
    ReconstructionOptions options;
    options.level = 300;
    ReconstructionPipeline pipeline(model, options);
    torch::Generator generator = at::detail::createCPUGenerator(8);
    NullProgressSink progress;
    const auto noisy =
        pipeline.encode(gaussianData(16384, 7), generator, progress, {}).to(torch::kFloat64);
    const double alphaBar = m_schedule.alphaBar(300);
    const double variance = alphaBar * kSigma * kSigma + 1 - alphaBar;
    QVERIFY(std::fabs(noisy.mean().item<double>() - std::sqrt(alphaBar) * kMean) <
            3 * std::sqrt(variance / 16384));
    QVERIFY(std::fabs(noisy.var().item<double>() / variance - 1) < 3 * std::sqrt(2.0 / 16384));
    QCOMPARE(denoiser.calls(), 0);  // forward noise needs no model
  }

  void coarseNoiseIsStandardisedAndSpatiallyCorrelated() {
    torch::Generator generator = at::detail::createCPUGenerator(2);
    const auto coarse =
        NoiseGenerator(NoiseGenerator::Kind::Coarse).sample({4, 1, 64, 64}, generator);
    const auto fine =
        NoiseGenerator(NoiseGenerator::Kind::Gaussian).sample({4, 1, 64, 64}, generator);
    QVERIFY(std::fabs(coarse.std().item<double>() - 1) < 0.05);
    const auto neighbourCorrelation = [](const torch::Tensor& n) {
      const auto a = n.slice(3, 0, 63).flatten(), b = n.slice(3, 1, 64).flatten();
      return ((a - a.mean()) * (b - b.mean())).mean().item<double>() /
             (a.std() * b.std()).item<double>();
    };
    QVERIFY(neighbourCorrelation(coarse) > 0.8);
    QVERIFY(std::fabs(neighbourCorrelation(fine)) < 0.05);
  }

  void sameSeedIsBitIdenticalAndSeedsDiffer() {
    c10::InferenceMode inference;
    const test::GaussianMixtureModel data(m_schedule, {kMean}, kSigma);
    const auto clean = gaussianData(256, 3);
    auto reconstruct = [&](std::uint64_t seed) {
      test::AnalyticDenoiser denoiser(data);
      GuidedModel model(denoiser, m_schedule);
      ReconstructionOptions options{
          Encoder::ForwardNoise, NoiseGenerator::Kind::Coarse, "ddpm", 400, 40, 4, seed};
      NullProgressSink progress;
      return ReconstructionPipeline(model, options).run(clean.reshape({4, 1, 8, 8}), progress, {});
    };
    const auto first = reconstruct(42), second = reconstruct(42), other = reconstruct(43);
    QVERIFY(torch::equal(first.samples, second.samples));
    QVERIFY(!torch::equal(first.samples, other.samples));
    QCOMPARE(first.samples.sizes(), (std::vector<int64_t>{4, 4, 1, 8, 8}));
    QVERIFY(torch::allclose(first.mean, first.samples.mean(0)));
    QVERIFY(first.variance.min().item<double>() >= 0.0);
    QVERIFY(first.variance.mean().item<double>() > 0.0);  // DDPM members differ
  }

  void cancelStopsAfterTheCurrentStep() {
    c10::InferenceMode inference;
    const test::GaussianMixtureModel data(m_schedule, {kMean}, kSigma);
    test::AnalyticDenoiser denoiser(data);
    GuidedModel model(denoiser, m_schedule);
    ReconstructionOptions options{
        Encoder::Ddim, NoiseGenerator::Kind::Gaussian, "ddim", 500, 50, 1, 0};
    ReconstructionPipeline pipeline(model, options);
    QCOMPARE(pipeline.totalSteps(), 49 + 50);
    struct CancelAtStep : ProgressSink {
      CancelToken token;
      int seen = 0;
      void progress(int done, int, std::string_view) override {
        seen = done;
        if (done == 7) token.cancel();
      }
    } sink;
    QVERIFY_THROWS_EXCEPTION(Cancelled, pipeline.run(gaussianData(16, 1), sink, sink.token));
    QCOMPARE(sink.seen, 7);
    QCOMPARE(denoiser.calls(), 7);
  }

  void badLevelAndStepsAreNamed() {
    const test::GaussianMixtureModel data(m_schedule, {kMean}, kSigma);
    test::AnalyticDenoiser denoiser(data);
    GuidedModel model(denoiser, m_schedule);
    ReconstructionOptions options;
    options.level = 1200;
    try {
      ReconstructionPipeline(model, options);
      QFAIL("L > T accepted");
    } catch (const InvalidArgument& error) {
      QVERIFY2(QString(error.what()).contains("L=1200 exceeds T=1000"), error.what());
    }
    options.level = 100;
    options.ensemble = 0;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, ReconstructionPipeline(model, options));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, SamplerRegistry::byName("euler"));
  }
};

QTEST_APPLESS_MAIN(SamplerAnalyticTest)
#include "SamplerAnalyticTest.moc"
