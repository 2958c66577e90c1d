// Ensembles spread over several noise levels, against closed-form answers: for Gaussian data
// x_0 ~ N(μ, σ²) with the exact ε-predictor, the deterministic DDIM path from x_L keeps the
// standardized value z = (x_L − √ᾱ_L μ) / √v_L (v_L = ᾱ_L σ² + 1 − ᾱ_L). So an input c noised
// to level l comes back with mean μ + σ √ᾱ_l (c − μ) / √v_l and spread σ √((1 − ᾱ_l) / v_l):
// each member group must show the statistics of its own level.
#include "../AnalyticDenoisers.h"
#include "common/Error.h"
#include "engine/io/TorchRuntime.h"
#include "engine/reconstruction/ReconstructionPipeline.h"

#include <QtTest>

using namespace anomadiff;
using namespace anomadiff::engine;

namespace {

constexpr double kMean = 0.2, kSigma = 0.5, kInput = 1.5;

struct MemberStatistics {
  double mean;
  double spread;
};

ReconstructionOptions spreadOptions(int level, int spread, int members) {
  ReconstructionOptions options;
  options.encoder = ReconstructionOptions::Encoder::ForwardNoise;
  options.sampler = "ddim";
  options.level = level;
  options.steps = 100;
  options.ensemble = members;
  options.seed = 5;
  options.levelSpread = spread;
  return options;
}

}  // namespace

class LevelSpreadTest : public QObject {
  Q_OBJECT

  const NoiseSchedule m_schedule = NoiseSchedule::linear(1000, 1e-4, 0.02);
  const test::GaussianMixtureModel m_data{m_schedule, {kMean}, kSigma};

  MemberStatistics expectedAt(int level) const {
    const double alphaBar = m_schedule.alphaBar(level);
    const double variance = alphaBar * kSigma * kSigma + 1.0 - alphaBar;
    return {kMean + kSigma * std::sqrt(alphaBar) * (kInput - kMean) / std::sqrt(variance),
            kSigma * std::sqrt((1.0 - alphaBar) / variance)};
  }

 private Q_SLOTS:
  void initTestCase() { TorchRuntime::setThreads(2); }

  void membersAreSplitOverThreeLevels() {
    test::AnalyticDenoiser denoiser(m_data);
    GuidedModel model(denoiser, m_schedule);
    const auto groups = ReconstructionPipeline(model, spreadOptions(200, 200, 7)).levelGroups();
    QCOMPARE(groups.size(), std::size_t(3));
    const std::vector<std::pair<int, int>> expected{{200, 3}, {300, 2}, {400, 2}};
    for (std::size_t g = 0; g < groups.size(); ++g) {
      QCOMPARE(groups[g].level, expected[g].first);
      QCOMPARE(groups[g].ensemble, expected[g].second);
      QCOMPARE(groups[g].levelSpread, 0);
    }
    // Two members make two groups; no spread keeps one group at L.
    QCOMPARE(ReconstructionPipeline(model, spreadOptions(200, 200, 2)).levelGroups().size(),
             std::size_t(2));
    const auto single = ReconstructionPipeline(model, spreadOptions(200, 0, 7)).levelGroups();
    QCOMPARE(single.size(), std::size_t(1));
    QCOMPARE(single[0].ensemble, 7);
  }

  void eachGroupHasTheStatisticsOfItsOwnLevel() {
    c10::InferenceMode inference;
    test::AnalyticDenoiser denoiser(m_data);
    GuidedModel model(denoiser, m_schedule);
    ReconstructionPipeline pipeline(model, spreadOptions(200, 200, 6));
    const auto input = torch::full({1, 1, 64, 64}, kInput, torch::kFloat32);
    NullProgressSink progress;
    const auto result = pipeline.run(input, progress, CancelToken());
    QCOMPARE(result.samples.size(0), std::int64_t(6));
    const int levels[] = {200, 300, 400};
    for (int g = 0; g < 3; ++g) {
      const auto members = result.samples.slice(0, 2 * g, 2 * g + 2).to(torch::kFloat64);
      const double mean = members.mean().item<double>(), spread = members.std().item<double>();
      const MemberStatistics expected = expectedAt(levels[g]);
      qInfo("L %d: mean %.4f (closed form %.4f), spread %.4f (%.4f)", levels[g], mean,
            expected.mean, spread, expected.spread);
      QVERIFY(std::fabs(mean - expected.mean) < 0.02);
      QVERIFY(std::fabs(spread / expected.spread - 1.0) < 0.05);
    }
    // The summary is over all members of all levels.
    QVERIFY(torch::allclose(result.mean, result.samples.mean(0), 1e-5, 1e-6));
    QVERIFY(torch::allclose(result.variance, result.samples.var(0, false), 1e-5, 1e-6));
  }

  void progressRunsOnceOverEveryGroup() {
    c10::InferenceMode inference;
    test::AnalyticDenoiser denoiser(m_data);
    GuidedModel model(denoiser, m_schedule);
    ReconstructionPipeline pipeline(model, spreadOptions(200, 200, 3));
    struct Recorder : ProgressSink {
      std::vector<std::pair<int, int>> calls;
      void progress(int done, int total, std::string_view) override {
        calls.emplace_back(done, total);
      }
    } recorder;
    pipeline.run(torch::zeros({1, 1, 4, 4}), recorder, CancelToken());
    QCOMPARE(pipeline.totalSteps(), 300);  // K = 100 steps at each of the three levels
    QCOMPARE(int(recorder.calls.size()), 300);
    for (std::size_t i = 0; i < recorder.calls.size(); ++i) {
      QCOMPARE(recorder.calls[i].first, int(i) + 1);
      QCOMPARE(recorder.calls[i].second, 300);
    }
  }

  void spreadsThatCannotRunAreRefused() {
    test::AnalyticDenoiser denoiser(m_data);
    GuidedModel model(denoiser, m_schedule);
    // The top level L + ΔL must stay below T.
    QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                             ReconstructionPipeline(model, spreadOptions(900, 100, 3)));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                             ReconstructionPipeline(model, spreadOptions(200, -1, 3)));
    // DDIM encoding is deterministic: every member would start from the same x_L.
    auto ddim = spreadOptions(200, 100, 3);
    ddim.encoder = ReconstructionOptions::Encoder::Ddim;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, ReconstructionPipeline(model, ddim));
  }
};

QTEST_GUILESS_MAIN(LevelSpreadTest)
#include "LevelSpreadTest.moc"
