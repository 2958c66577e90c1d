// Pixel metrics, box matching and Otsu against values worked out by hand.
#include "common/Error.h"
#include "localize/BoxMatcher.h"
#include "localize/OtsuThreshold.h"
#include "localize/PixelScores.h"

#include <QtTest>

using namespace anomadiff;

class PixelScoresTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void handWorkedExample() {
    // Ranked: 0.9 (lesion), 0.8 (normal), 0.7 (lesion), 0.1 (normal).
    PixelScores scores;
    scores.add({0.9f, 0.8f, 0.7f, 0.1f}, {1, 0, 1, 0});
    const auto metrics = scores.summary();
    QVERIFY(std::abs(metrics.averagePrecision - (0.5 * 1.0 + 0.5 * 2.0 / 3.0)) < 1e-12);
    QVERIFY(std::abs(metrics.auroc - 0.75) < 1e-12);    // 3 of 4 (lesion, normal) pairs ordered
    QVERIFY(std::abs(metrics.bestDice - 0.8) < 1e-12);  // top three: 2·2 / (3 + 2)
    QVERIFY(metrics.bestThreshold > 0.1 && metrics.bestThreshold < 0.7);
    const auto at = scores.at(metrics.bestThreshold);
    QVERIFY(std::abs(at.dice - 0.8) < 1e-12);
    QVERIFY(std::abs(at.falsePositiveRate - 0.5) < 1e-12);
    QVERIFY(std::abs(scores.at(0.85).precision - 1.0) < 1e-12);
    QVERIFY(std::abs(scores.at(0.85).recall - 0.5) < 1e-12);
  }

  void perfectAndReversedRankings() {
    PixelScores perfect, reversed;
    for (int i = 0; i < 50; ++i) {
      perfect.add(1.0f + i, true);
      perfect.add(-1.0f - i, false);
      reversed.add(-1.0f - i, true);
      reversed.add(1.0f + i, false);
    }
    QCOMPARE(perfect.summary().averagePrecision, 1.0);
    QCOMPARE(perfect.summary().auroc, 1.0);
    QCOMPARE(perfect.summary().bestDice, 1.0);
    QVERIFY(reversed.summary().auroc < 1e-12);
    // Every lesion ranked after every normal pixel: AP = mean over k of k / (50 + k).
    double expected = 0.0;
    for (int k = 1; k <= 50; ++k) expected += k / (50.0 + k) / 50.0;
    QVERIFY(std::abs(reversed.summary().averagePrecision - expected) < 1e-12);
  }

  void tiedScoresCannotBeSplit() {
    PixelScores tied;
    for (int i = 0; i < 40; ++i) tied.add(0.5f, i < 10);
    QVERIFY(std::abs(tied.summary().averagePrecision - 0.25) < 1e-12);  // the prevalence
    QVERIFY(std::abs(tied.summary().auroc - 0.5) < 1e-12);
  }

  void negativeQuantileGivesTheFalsePositiveRate() {
    PixelScores scores;
    for (int i = 1; i <= 100; ++i) scores.add(static_cast<float>(i), false);
    scores.add(1000.0f, true);
    QCOMPARE(scores.negativeQuantile(0.05), 95.0);
    QVERIFY(std::abs(scores.at(scores.negativeQuantile(0.05)).falsePositiveRate - 0.05) < 1e-12);
    QVERIFY(std::abs(scores.at(scores.negativeQuantile(0.01)).falsePositiveRate - 0.01) < 1e-12);
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, scores.negativeQuantile(1.5));
  }

  void refusesOneClassAndMismatchedInput() {
    PixelScores normalOnly;
    normalOnly.add(0.3f, false);
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, normalOnly.summary());
    PixelScores scores;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, scores.add({0.1f, 0.2f}, {1}));
  }

  void boxOverlap() {
    BoundingBox a, b, far;
    a.width = a.height = 10;
    b.x = 5;
    b.width = b.height = 10;
    far.x = 50;
    far.width = far.height = 4;
    QVERIFY(std::abs(BoxMatcher::iou(a, b) - 50.0 / 150.0) < 1e-12);
    QCOMPARE(BoxMatcher::iou(a, a), 1.0);
    QCOMPARE(BoxMatcher::iou(a, far), 0.0);
    QCOMPARE(BoxMatcher::foundTruths({a}, {b, far}, 0.3), std::size_t(1));
    QCOMPARE(BoxMatcher::foundTruths({a}, {b, far}, 0.5), std::size_t(0));
    QCOMPARE(BoxMatcher::correctPredictions({a}, {b, far}, 0.3), std::size_t(1));
  }

  void otsuSeparatesTwoModes() {
    std::vector<float> values(100, 1.0f);
    values.insert(values.end(), 50, 9.0f);
    const double threshold = OtsuThreshold::of(values);
    QVERIFY2(threshold > 1.0 && threshold < 9.0, qPrintable(QString::number(threshold)));
    QCOMPARE(OtsuThreshold::of(std::vector<float>(5, 2.0f)), 2.0);
  }
};

QTEST_APPLESS_MAIN(PixelScoresTest)
#include "PixelScoresTest.moc"
