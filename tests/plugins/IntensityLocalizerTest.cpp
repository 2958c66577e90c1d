// Loads the intensity baseline through the plugin registry, exactly as the CLI does.
#include "common/Error.h"
#include "localize/LocalizerRegistry.h"

#include <QtTest>

#include <limits>

using namespace anomadiff;

namespace {

/// A disc of "brain" at 100 on a zero background, a bright blob (180) and a dark blob (40).
Image syntheticBrain() {
  ImageGeometry geometry;
  geometry.size = {64, 64, 1};
  Image image = Image::filled(geometry, 0.0f);
  for (std::size_t y = 0; y < 64; ++y)
    for (std::size_t x = 0; x < 64; ++x) {
      const double dx = double(x) - 32, dy = double(y) - 32;
      if (dx * dx + dy * dy < 28 * 28) image.at(x, y) = 100.0f;
    }
  for (std::size_t y = 20; y < 24; ++y)
    for (std::size_t x = 20; x < 24; ++x) image.at(x, y) = 180.0f;
  for (std::size_t y = 40; y < 43; ++y)
    for (std::size_t x = 36; x < 39; ++x) image.at(x, y) = 40.0f;
  return image;
}

}  // namespace

class IntensityLocalizerTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    m_registry = std::make_unique<LocalizerRegistry>(ANOMADIFF_PLUGIN_DIR);
    QVERIFY2(m_registry->problems().empty(),
             m_registry->problems().empty() ? "" : m_registry->problems()[0].c_str());
  }

  void isDiscoveredWithItsParameters() {
    const auto names = m_registry->names();
    QVERIFY(std::find(names.begin(), names.end(), "intensity") != names.end());
    const auto method = m_registry->create("intensity");
    QCOMPARE(method->name(), std::string("intensity"));
    QCOMPARE(method->parameters().at(0).name, std::string("polarity"));
  }

  void anomalyIsDistanceFromBrainMedian() {
    const auto method = m_registry->create("intensity");
    NullProgressSink progress;
    const Image image = syntheticBrain();
    const auto maps =
        method->run(image, nullptr, LocalizerParameters::defaultsOf(method->parameters()), progress,
                    CancelToken());
    QCOMPARE(maps.anomalyMap.at(21, 21), 80.0f);  // bright blob
    QCOMPARE(maps.anomalyMap.at(37, 41), 60.0f);  // dark blob
    QCOMPARE(maps.anomalyMap.at(32, 32), 0.0f);   // healthy brain
    QCOMPARE(maps.anomalyMap.at(0, 0), 0.0f);     // background is never anomalous
    QCOMPARE(maps.pseudoHealthy.at(21, 21), 100.0f);
    QCOMPARE(maps.pseudoHealthy.at(0, 0), 0.0f);
    QCOMPARE(maps.varianceMap.geometry(), image.geometry());
  }

  void polarityKeepsOneSide() {
    const auto method = m_registry->create("intensity");
    NullProgressSink progress;
    auto parameters = LocalizerParameters::defaultsOf(method->parameters());
    parameters.set("polarity", 1);
    const auto maps = method->run(syntheticBrain(), nullptr, parameters, progress, CancelToken());
    QCOMPARE(maps.anomalyMap.at(21, 21), 80.0f);
    QCOMPARE(maps.anomalyMap.at(37, 41), 0.0f);
  }

  void refusesNaNCancelledAndBadParameters() {
    const auto method = m_registry->create("intensity");
    NullProgressSink progress;
    const auto defaults = LocalizerParameters::defaultsOf(method->parameters());
    Image image = syntheticBrain();
    image.at(5, 5) = std::numeric_limits<float>::quiet_NaN();
    QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                             method->run(image, nullptr, defaults, progress, CancelToken()));
    CancelToken cancelled;
    cancelled.cancel();
    QVERIFY_THROWS_EXCEPTION(Cancelled,
                             method->run(syntheticBrain(), nullptr, defaults, progress, cancelled));
    auto bad = defaults;
    bad.set("polarity", 5);
    QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                             method->run(syntheticBrain(), nullptr, bad, progress, CancelToken()));
  }

  void unknownMethodListsAvailableOnes() {
    try {
      m_registry->create("magic");
      QFAIL("created");
    } catch (const InvalidArgument& error) {
      QVERIFY2(QString(error.what()).contains("available: ") &&
                   QString(error.what()).contains("intensity"),
               error.what());
    }
  }

  void missingFolderIsAProblemNotACrash() {
    const LocalizerRegistry registry("/nonexistent/plugins");
    QVERIFY(registry.names().empty());
    QCOMPARE(registry.problems().size(), std::size_t{1});
  }

 private:
  std::unique_ptr<LocalizerRegistry> m_registry;
};

QTEST_APPLESS_MAIN(IntensityLocalizerTest)
#include "IntensityLocalizerTest.moc"
