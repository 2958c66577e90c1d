#include "common/Error.h"
#include "localize/BoxGate.h"

#include <QtTest>

#include <limits>

using namespace anomadiff;

namespace {

/// A component of 10 voxels with mean 0.5 (mass 5) and peak 0.9.
BoundingBox sampleBox() {
  BoundingBox box;
  box.score = 0.5;
  box.maxScore = 0.9;
  box.areaPx = 10;
  return box;
}

}  // namespace

class BoxGateTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void eachStatisticReadsItsOwnValue() {
    const BoundingBox box = sampleBox();
    QCOMPARE(BoxGate::valueOf(BoxGate::Statistic::Mean, box), 0.5);
    QCOMPARE(BoxGate::valueOf(BoxGate::Statistic::Peak, box), 0.9);
    QCOMPARE(BoxGate::valueOf(BoxGate::Statistic::Mass, box), 5.0);
  }

  void admitsAtAndAboveTheMinimum() {
    const BoundingBox box = sampleBox();
    QVERIFY(BoxGate(BoxGate::Statistic::Mean, 0.5).admits(box));  // equal is enough
    QVERIFY(!BoxGate(BoxGate::Statistic::Mean, 0.6).admits(box));
    QVERIFY(BoxGate(BoxGate::Statistic::Peak, 0.6).admits(box));
    QVERIFY(!BoxGate(BoxGate::Statistic::Peak, 0.95).admits(box));
    QVERIFY(BoxGate(BoxGate::Statistic::Mass, 4.0).admits(box));
    QVERIFY(!BoxGate(BoxGate::Statistic::Mass, 5.5).admits(box));
    QVERIFY(BoxGate().isOpen());
    QVERIFY(BoxGate().admits(box));
  }

  void namesRoundTripAndUnknownNamesAreRefused() {
    for (const auto statistic : BoxGate::kStatistics) {
      QVERIFY(BoxGate::statisticNamed(BoxGate::nameOf(statistic)) == statistic);
    }
    QCOMPARE(BoxGate::nameOf(BoxGate::Statistic::Mass), std::string("mass"));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, BoxGate::statisticNamed("area"));
  }

  void jsonRoundTrips() {
    const BoxGate gate(BoxGate::Statistic::Mass, 1.23);
    QCOMPARE(gate.toJson(), std::string(R"({"minimum":1.23,"statistic":"mass"})"));
    QVERIFY(BoxGate::fromJson(gate.toJson()) == gate);
    // Calibration stores more keys beside the gate's own; they are ignored.
    const BoxGate calibrated = BoxGate::fromJson(
        R"({"statistic": "peak", "minimum": 0.4, "false_boxes_per_slice": 0.19, "target": 0.2})");
    QVERIFY(calibrated == BoxGate(BoxGate::Statistic::Peak, 0.4));
  }

  void theOpenGateIsWrittenWithANullMinimum() {
    const BoxGate open(BoxGate::Statistic::Mean, -std::numeric_limits<double>::infinity());
    QCOMPARE(open.toJson(), std::string(R"({"minimum":null,"statistic":"mean"})"));
    const BoxGate read = BoxGate::fromJson(open.toJson());
    QVERIFY(read.isOpen());
    QVERIFY(read.statistic() == BoxGate::Statistic::Mean);
  }

  void malformedJsonIsRefused() {
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, BoxGate::fromJson("{"));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, BoxGate::fromJson(R"({"minimum": 1})"));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                             BoxGate::fromJson(R"({"statistic": "area", "minimum": 1})"));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                             BoxGate::fromJson(R"({"statistic": "mass", "minimum": "high"})"));
  }
};

QTEST_APPLESS_MAIN(BoxGateTest)
#include "BoxGateTest.moc"
