// Pixel metrics, box matching and Otsu against values worked out by hand.
#include "common/Error.h"
#include "localize/BoxMatcher.h"
#include "localize/OtsuThreshold.h"
#include "localize/PixelScores.h"

#include <QtTest>

#include <cmath>

using namespace anomadiff;

namespace {

/// 50 lesion and 50 normal pixels, every lesion scored above (perfect) or below (reversed)
/// every normal pixel.
std::pair<PixelScores, PixelScores> perfectAndReversed() {
  PixelScores perfect, reversed;
  for (int i = 0; i < 50; ++i) {
    perfect.add(1.0f + i, true);
    perfect.add(-1.0f - i, false);
    reversed.add(-1.0f - i, true);
    reversed.add(1.0f + i, false);
  }
  return {perfect, reversed};
}

}  // namespace

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
    const auto [perfect, reversed] = perfectAndReversed();
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

  void curveOfTheHandWorkedExample() {
    PixelScores scores;
    scores.add({0.9f, 0.8f, 0.7f, 0.1f}, {1, 0, 1, 0});
    const auto points = scores.curve();
    // The empty mask, then each score entering: (recall, FPR, precision) worked out by hand.
    const double expected[][3] = {
        {0.0, 0.0, 1.0}, {0.5, 0.0, 1.0}, {0.5, 0.5, 0.5}, {1.0, 0.5, 2.0 / 3.0}, {1.0, 1.0, 0.5}};
    QCOMPARE(points.size(), std::size_t(5));
    for (std::size_t i = 0; i < points.size(); ++i) {
      QCOMPARE(points[i].recall, expected[i][0]);
      QCOMPARE(points[i].falsePositiveRate, expected[i][1]);
      QVERIFY(std::abs(points[i].precision - expected[i][2]) < 1e-12);
    }
    QVERIFY(std::isinf(points[0].threshold));
    QCOMPARE(points[2].threshold, double(0.8f));
  }

  void curvesOfPerfectAndReversedRankings() {
    const auto [perfect, reversed] = perfectAndReversed();
    // Perfect: up the FPR = 0 edge at precision 1 to the (0, 1) corner, then along recall = 1.
    const auto up = perfect.curve();
    QCOMPARE(up.size(), std::size_t(101));
    for (const auto& point : up) {
      QVERIFY(point.falsePositiveRate == 0.0 || point.recall == 1.0);
      if (point.falsePositiveRate == 0.0) QCOMPARE(point.precision, 1.0);
    }
    QCOMPARE(up[50].recall, 1.0);
    QCOMPARE(up[50].falsePositiveRate, 0.0);
    QCOMPARE(up.back().precision, 0.5);
    // Reversed: along recall = 0 to the (1, 0) corner at precision 0, then k lesions among 50 + k.
    const auto down = reversed.curve();
    QCOMPARE(down[50].falsePositiveRate, 1.0);
    QCOMPARE(down[50].recall, 0.0);
    QCOMPARE(down[50].precision, 0.0);
    for (int k = 1; k <= 50; ++k) {
      QCOMPARE(down[50 + k].falsePositiveRate, 1.0);
      QCOMPARE(down[50 + k].recall, k / 50.0);
      QVERIFY(std::abs(down[50 + k].precision - k / (50.0 + k)) < 1e-12);
    }
  }

  void tiedCurveJumpsStraightToTheFullMask() {
    PixelScores tied;
    for (int i = 0; i < 40; ++i) tied.add(0.5f, i < 10);
    const auto points = tied.curve();
    QCOMPARE(points.size(), std::size_t(2));
    QCOMPARE(points[1].recall, 1.0);
    QCOMPARE(points[1].falsePositiveRate, 1.0);
    QCOMPARE(points[1].precision, 0.25);  // the prevalence: the PR chance level
  }

  void curveIsThinnedButKeepsItsEnds() {
    PixelScores many;
    for (int i = 0; i < 10000; ++i) many.add(static_cast<float>(i), (i * 7919) % 13 < 4);
    const auto points = many.curve(64);
    QVERIFY2(points.size() <= 64 && points.size() > 32, qPrintable(QString::number(points.size())));
    QCOMPARE(points.front().recall + points.front().falsePositiveRate, 0.0);
    QCOMPARE(points.back().recall + points.back().falsePositiveRate, 2.0);
    for (std::size_t i = 1; i < points.size(); ++i) {
      QVERIFY(points[i].recall >= points[i - 1].recall);
      QVERIFY(points[i].falsePositiveRate >= points[i - 1].falsePositiveRate);
      QVERIFY(points[i].threshold < points[i - 1].threshold);
    }
    QCOMPARE(many.curve(100000).size(), many.size() + 1);  // nothing to thin
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, many.curve(2));
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
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, normalOnly.curve());
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
