// FROC of hand-made box lists: every expected number below is counted by hand in the comments.
#include "common/Error.h"
#include "localize/FrocCurve.h"
#include "localize/TruthLesion.h"

#include <QtTest>

#include <cmath>
#include <limits>

using namespace anomadiff;

namespace {

/// A candidate or truth box; `mass` becomes score × areaPx with areaPx = 1 (so mean = mass).
BoundingBox box(std::size_t x, std::size_t y, std::size_t w, std::size_t h, double mass = 0.0) {
  BoundingBox b;
  b.x = x;
  b.y = y;
  b.width = w;
  b.height = h;
  b.score = mass;
  b.maxScore = mass;
  b.areaPx = 1;
  return b;
}

bool near(double a, double b) {
  return std::fabs(a - b) < 1e-12;
}

/// Five healthy slices with masses {1, 4}, {2}, {}, {6}, {3}; lesion bests 5 and 7, and one
/// lesion that no candidate hits.
FrocCurve sampleCurve() {
  FrocCurve froc(BoxGate::Statistic::Mass);
  const TruthLesion t1 = TruthLesion::ofBox(box(10, 10, 4, 4));  // centroid (11.5, 11.5)
  const TruthLesion t2 = TruthLesion::ofBox(box(30, 30, 4, 4));  // centroid (31.5, 31.5)
  const BoundingBox exact = box(10, 10, 4, 4, 5.0);              // IoU 1 with t1
  const BoundingBox loose = box(9, 9, 6, 6, 2.5);                // IoU 16/36 with t1: t1 keeps 5
  const BoundingBox elsewhere = box(50, 50, 2, 2, 10.0);         // hits nothing: not counted
  const BoundingBox wide = box(20, 20, 30, 30, 7.0);             // IoU 16/900, covers t2's centroid
  froc.addLesionCase({t1, t2}, {exact, loose, elsewhere, wide});
  froc.addLesionCase({TruthLesion::ofBox(box(5, 5, 2, 2))}, {box(40, 40, 3, 3, 8.0)});
  froc.addHealthySlice({box(0, 0, 2, 2, 1.0), box(5, 5, 2, 2, 4.0)});
  froc.addHealthySlice({box(0, 0, 2, 2, 2.0)});
  froc.addHealthySlice({});
  froc.addHealthySlice({box(0, 0, 2, 2, 6.0)});
  froc.addHealthySlice({box(0, 0, 2, 2, 3.0)});
  return froc;
}

}  // namespace

class FrocCurveTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void hitsByIouOrByCentroid() {
    const TruthLesion truth = TruthLesion::ofBox(box(10, 10, 4, 4));
    QVERIFY(FrocCurve::hits(box(10, 10, 4, 4), truth));
    QVERIFY(FrocCurve::hits(box(9, 9, 6, 6), truth));     // IoU 0.44
    QVERIFY(FrocCurve::hits(box(0, 0, 40, 40), truth));   // IoU 0.01, centroid inside
    QVERIFY(!FrocCurve::hits(box(12, 0, 2, 11), truth));  // IoU 2/36, centroid outside
    QVERIFY(!FrocCurve::hits(box(30, 30, 4, 4), truth));
  }

  void centroidIsTheMeanOfTheLabelVoxels() {
    ImageGeometry geometry;
    geometry.size = {10, 10, 1};
    Image label = Image::filled(geometry, 0.0f);
    // An L: (1,1) (1,2) (1,3) (2,3) (3,3); box centre (2, 2), centroid (1.6, 2.4).
    label.at(1, 1) = label.at(1, 2) = label.at(1, 3) = label.at(2, 3) = label.at(3, 3) = 1.0f;
    const auto lesions = TruthLesion::fromLabel(label);
    QCOMPARE(lesions.size(), std::size_t{1});
    QCOMPARE(lesions[0].box.width, std::size_t{3});
    QVERIFY(near(lesions[0].centroid[0], 1.6));
    QVERIFY(near(lesions[0].centroid[1], 2.4));
    QVERIFY(lesions[0].centroidInside(box(2, 2, 1, 1)));   // spans [1.5, 2.5] both ways
    QVERIFY(!lesions[0].centroidInside(box(1, 2, 1, 1)));  // spans [0.5, 1.5] across
  }

  void curveSweepsEveryValue() {
    const FrocCurve froc = sampleCurve();
    QCOMPARE(froc.lesions(), std::size_t{3});
    QCOMPARE(froc.healthySlices(), std::size_t{5});
    QCOMPARE(froc.healthyBoxes(), std::size_t{5});
    // Minimum:   +inf  7    6    5    4    3    2    1
    // healthy ≥:  0    0    1    1    2    3    4    5   (of 5 slices)
    // lesions ≥:  0    1    1    2    2    2    2    2   (of 3)
    const auto curve = froc.curve();
    const double minimum[] = {std::numeric_limits<double>::infinity(), 7, 6, 5, 4, 3, 2, 1};
    const double perSlice[] = {0.0, 0.0, 0.2, 0.2, 0.4, 0.6, 0.8, 1.0};
    const double found[] = {0, 1, 1, 2, 2, 2, 2, 2};
    QCOMPARE(curve.size(), std::size_t{8});
    for (std::size_t i = 0; i < curve.size(); ++i) {
      QCOMPARE(curve[i].minimum, minimum[i]);
      QVERIFY2(near(curve[i].falseBoxesPerSlice, perSlice[i]), qPrintable(QString::number(i)));
      QVERIFY2(near(curve[i].sensitivity, found[i] / 3.0), qPrintable(QString::number(i)));
    }
  }

  void operatingPointsKeepToTheRate() {
    const FrocCurve froc = sampleCurve();
    // 0.2 × 5 slices: one healthy box may pass. Healthy masses 6 4 3 2 1: the gate sits just
    // above 4, lets 6 through, and finds the lesions at 7 and 5.
    const FrocPoint at02 = froc.operatingPointAt(0.2);
    QVERIFY(at02.minimum > 4.0 && at02.minimum < 4.0 + 1e-9);
    QVERIFY(near(at02.falseBoxesPerSlice, 0.2));
    QVERIFY(near(at02.sensitivity, 2.0 / 3.0));
    // 0.1 × 5 = 0.5: no healthy box; only the lesion at 7 is above 6.
    const FrocPoint at01 = froc.operatingPointAt(0.1);
    QVERIFY(at01.minimum > 6.0 && at01.minimum < 6.0 + 1e-9);
    QVERIFY(near(at01.falseBoxesPerSlice, 0.0));
    QVERIFY(near(at01.sensitivity, 1.0 / 3.0));
    // 0.5 × 5 = 2.5: two healthy boxes (6, 4); the gate sits just above 3.
    const FrocPoint at05 = froc.operatingPointAt(0.5);
    QVERIFY(at05.minimum > 3.0 && at05.minimum < 3.0 + 1e-9);
    QVERIFY(near(at05.falseBoxesPerSlice, 0.4));
    QVERIFY(near(at05.sensitivity, 2.0 / 3.0));
    // 1 × 5: all five healthy boxes may pass, so no gate is needed; the unhit lesion stays lost.
    const FrocPoint at1 = froc.operatingPointAt(1.0);
    QCOMPARE(at1.minimum, -std::numeric_limits<double>::infinity());
    QVERIFY(near(at1.falseBoxesPerSlice, 1.0));
    QVERIFY(near(at1.sensitivity, 2.0 / 3.0));
  }

  void strataCountTheirOwnLesionsAtThePooledGate() {
    // sampleCurve's cases, with strata: t1 (best 5) and t2 (best 7) are "a", the unhit lesion
    // is "b"; all three are "small".
    FrocCurve froc(BoxGate::Statistic::Mass);
    const TruthLesion t1 = TruthLesion::ofBox(box(10, 10, 4, 4));
    const TruthLesion t2 = TruthLesion::ofBox(box(30, 30, 4, 4));
    froc.addLesionCase({t1, t2}, {box(10, 10, 4, 4, 5.0), box(20, 20, 30, 30, 7.0)},
                       {"family=a", "size=small"});
    froc.addLesionCase({TruthLesion::ofBox(box(5, 5, 2, 2))}, {box(40, 40, 3, 3, 8.0)},
                       {"family=b", "size=small"});
    froc.addLesionCase({TruthLesion::ofBox(box(60, 60, 2, 2))}, {});  // no strata: counts in none
    for (const double mass : {1.0, 4.0, 2.0, 6.0, 3.0})
      froc.addHealthySlice({box(0, 0, 2, 2, mass)});
    // 0.2 FP/slice: the gate sits just above 4, so 5 and 7 pass.
    const auto at02 = froc.sensitivityByStratum(0.2);
    QCOMPARE(at02.size(), std::size_t{3});
    QCOMPARE(at02.at("family=a").lesions, std::size_t{2});
    QVERIFY(near(at02.at("family=a").sensitivity, 1.0));
    QCOMPARE(at02.at("family=b").lesions, std::size_t{1});
    QCOMPARE(at02.at("family=b").sensitivity, 0.0);
    QCOMPARE(at02.at("size=small").lesions, std::size_t{3});
    QVERIFY(near(at02.at("size=small").sensitivity, 2.0 / 3.0));
    // 0.1 FP/slice: just above 6, only t2 (7) passes.
    const auto at01 = froc.sensitivityByStratum(0.1);
    QVERIFY(near(at01.at("family=a").sensitivity, 0.5));
    QVERIFY(near(at01.at("size=small").sensitivity, 1.0 / 3.0));
  }

  void tiedHealthyValuesStayOutTogether() {
    FrocCurve froc(BoxGate::Statistic::Mass);
    froc.addHealthySlice({box(0, 0, 1, 1, 5.0), box(2, 2, 1, 1, 4.0)});
    froc.addHealthySlice({box(0, 0, 1, 1, 4.0)});
    for (int i = 0; i < 8; ++i) froc.addHealthySlice({});
    // 0.2 × 10 = 2 boxes allowed, but the second and third are tied at 4: only 5 passes.
    const FrocPoint point = froc.operatingPointAt(0.2);
    QVERIFY(point.minimum > 4.0 && point.minimum < 4.0 + 1e-9);
    QVERIFY(near(point.falseBoxesPerSlice, 0.1));
    QCOMPARE(point.sensitivity, 0.0);  // no lesions at all
  }

  void eachStatisticReadsItsOwnValue() {
    BoundingBox healthy = box(0, 0, 4, 4);
    healthy.score = 0.5;
    healthy.maxScore = 0.9;
    healthy.areaPx = 10;
    const double expected[] = {0.5, 0.9, 5.0};  // in BoxGate::kStatistics order
    for (std::size_t i = 0; i < BoxGate::kStatistics.size(); ++i) {
      FrocCurve froc(BoxGate::kStatistics[i]);
      froc.addHealthySlice({healthy});
      QCOMPARE(froc.curve().back().minimum, expected[i]);
    }
  }

  void withoutHealthySlicesThereIsNoRate() {
    FrocCurve froc(BoxGate::Statistic::Peak);
    froc.addLesionCase({TruthLesion::ofBox(box(0, 0, 2, 2))}, {box(0, 0, 2, 2, 1.0)});
    QVERIFY(froc.curve().empty());
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, froc.operatingPointAt(0.2));
  }

  void thinningKeepsBothEnds() {
    std::vector<FrocPoint> points;
    for (int i = 0; i < 5; ++i) points.push_back({-static_cast<double>(i), i * 0.25, i * 0.2});
    const auto kept = FrocCurve::thinned(points, 3);
    QCOMPARE(kept.size(), std::size_t{3});
    QCOMPARE(kept[0].minimum, 0.0);
    QCOMPARE(kept[1].minimum, -2.0);
    QCOMPARE(kept[2].minimum, -4.0);
    QCOMPARE(FrocCurve::thinned(points, 200).size(), points.size());
  }
};

QTEST_APPLESS_MAIN(FrocCurveTest)
#include "FrocCurveTest.moc"
