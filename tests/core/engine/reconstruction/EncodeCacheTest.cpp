// The DDIM encode cache: a job that changes only the guidance must get exactly the result of a
// fresh run while skipping every encoder call, and the cache must stay bounded.
#include "../AnalyticDenoisers.h"
#include "engine/io/TorchRuntime.h"
#include "engine/reconstruction/EncodeCache.h"
#include "engine/reconstruction/ReconstructionPipeline.h"
#include "engine/sampling/ClassifierGuidance.h"

#include <QtTest>

using namespace anomadiff;
using namespace anomadiff::engine;

namespace {

ReconstructionOptions ddimOptions() {
  ReconstructionOptions options;
  options.encoder = ReconstructionOptions::Encoder::Ddim;
  options.sampler = "ddim";
  options.level = 400;
  options.steps = 10;
  options.ensemble = 2;
  return options;
}

torch::Tensor tensorOfBytes(std::int64_t bytes, float value) {
  return torch::full({bytes / 4}, value, torch::kFloat32);
}

}  // namespace

class EncodeCacheTest : public QObject {
  Q_OBJECT

  const NoiseSchedule m_schedule = NoiseSchedule::linear(1000, 1e-4, 0.02);
  const test::GaussianMixtureModel m_mixture{m_schedule, {-1.0, 1.0}, 0.3};

  struct Run {
    torch::Tensor mean;
    int calls;
  };

  /// Classifier-guided DDIM reconstruction of `input` at scale s, through `cache` if given.
  Run reconstruct(const torch::Tensor& input, double scale, EncodeCache* cache) {
    test::AnalyticDenoiser denoiser(m_mixture);
    test::AnalyticClassifier classifier(m_mixture);
    GuidedModel model(denoiser, m_schedule);
    ClassifierGuidance guidance(classifier, 1, scale);
    model.setClassifierGuidance(&guidance);
    ReconstructionPipeline pipeline(model, ddimOptions());
    pipeline.setEncodeCache(cache);
    NullProgressSink progress;
    const auto result = pipeline.run(input, progress, CancelToken());
    return {result.mean, denoiser.calls()};
  }

 private Q_SLOTS:
  void initTestCase() { TorchRuntime::setThreads(1); }

  void changingOnlyTheGuidanceReusesTheEncodingExactly() {
    torch::manual_seed(5);
    const auto input = torch::randn({3, 1, 8, 8}) * 0.3 - 1.0;
    EncodeCache cache;
    const auto first = reconstruct(input, 0.0, &cache);
    const auto cached = reconstruct(input, 3.0, &cache);
    const auto fresh = reconstruct(input, 3.0, nullptr);
    QCOMPARE(cache.misses(), std::size_t{1});
    QCOMPARE(cache.hits(), std::size_t{1});
    // The encoder moves between consecutive respaced levels: one call fewer than there are levels.
    const int encoderCalls = static_cast<int>(
        m_schedule.respacedTimesteps(ddimOptions().level, ddimOptions().steps).size() - 1);
    QCOMPARE(cached.calls, fresh.calls - encoderCalls);
    QCOMPARE(first.calls, fresh.calls);
    QVERIFY(torch::equal(cached.mean, fresh.mean));
    // The guidance changed the result, so the test would notice a stale decoding.
    QVERIFY((first.mean - fresh.mean).abs().max().item<double>() > 1e-3);
  }

  void anotherInputOrLevelMisses() {
    const auto input = torch::zeros({1, 1, 4, 4});
    const std::vector<int> steps = {300, 150, 0};
    QCOMPARE(EncodeCache::keyOf(input, steps), EncodeCache::keyOf(input.clone(), steps));
    QVERIFY(EncodeCache::keyOf(input, steps) != EncodeCache::keyOf(input + 1e-6, steps));
    QVERIFY(EncodeCache::keyOf(input, steps) != EncodeCache::keyOf(input, {301, 150, 0}));
    QVERIFY(EncodeCache::keyOf(input, steps) !=
            EncodeCache::keyOf(input.view({1, 1, 2, 8}), steps));
  }

  void leastRecentlyUsedLeavesFirstAndBytesStayBounded() {
    EncodeCache cache(3000);
    cache.store("a", tensorOfBytes(1000, 1));
    cache.store("b", tensorOfBytes(1000, 2));
    QVERIFY(cache.find("a").has_value());  // a is now the most recent
    cache.store("c", tensorOfBytes(1500, 3));
    QVERIFY(!cache.find("b").has_value());
    QCOMPARE(cache.find("a")->max().item<float>(), 1.0f);
    QCOMPARE(cache.find("c")->max().item<float>(), 3.0f);
    QVERIFY(cache.bytes() <= 3000);
    cache.store("huge", tensorOfBytes(4000, 4));
    QVERIFY(!cache.find("huge").has_value());
    QVERIFY(cache.find("a").has_value());
  }

  void aFoundTensorIsACopy() {
    EncodeCache cache;
    cache.store("k", torch::zeros({4}));
    auto found = *cache.find("k");
    found.add_(1.0);
    QCOMPARE(cache.find("k")->sum().item<float>(), 0.0f);
  }
};

QTEST_APPLESS_MAIN(EncodeCacheTest)
#include "EncodeCacheTest.moc"
