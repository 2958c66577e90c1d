#include "common/Error.h"
#include "localize/ComponentBoxFinder.h"

#include <QtTest>

using namespace anomadiff;

namespace {

Image blank(std::size_t width, std::size_t height, std::size_t depth = 1) {
  ImageGeometry geometry;
  geometry.size = {width, height, depth};
  return Image::filled(geometry, 0.0f);
}

void paint(Image& image, std::size_t x, std::size_t y, std::size_t w, std::size_t h, float value,
           std::size_t z = 0) {
  for (std::size_t j = y; j < y + h; ++j)
    for (std::size_t i = x; i < x + w; ++i) image.at(i, j, z) = value;
}

}  // namespace

class ComponentBoxFinderTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void findsSeparateComponentsSortedByScore() {
    Image anomaly = blank(40, 30);
    Image variance = blank(40, 30);
    paint(anomaly, 2, 3, 5, 4, 0.6f);    // weaker, larger
    paint(anomaly, 20, 10, 3, 6, 0.9f);  // stronger
    paint(variance, 20, 10, 3, 6, 0.25f);
    const auto boxes = ComponentBoxFinder().find(anomaly, variance, 0.5f);
    QCOMPARE(boxes.size(), std::size_t{2});
    QCOMPARE(boxes[0].id, 1);
    QCOMPARE(boxes[0].x, std::size_t{20});
    QCOMPARE(boxes[0].y, std::size_t{10});
    QCOMPARE(boxes[0].width, std::size_t{3});
    QCOMPARE(boxes[0].height, std::size_t{6});
    QCOMPARE(boxes[0].areaPx, std::size_t{18});
    QCOMPARE(boxes[0].score, double(0.9f));
    QCOMPARE(boxes[0].meanVariance, 0.25);
    QCOMPARE(boxes[1].x, std::size_t{2});
    QCOMPARE(boxes[1].areaPx, std::size_t{20});
    QCOMPARE(boxes[1].meanVariance, 0.0);
  }

  void scoreIsMeanOverComponentNotBox() {
    Image anomaly = blank(10, 10);
    // An L shape: its box is 3x3 but the component has 5 voxels.
    paint(anomaly, 1, 1, 1, 3, 1.0f);
    paint(anomaly, 2, 3, 2, 1, 2.0f);
    const auto boxes = ComponentBoxFinder().find(anomaly, Image(), 0.5f);
    QCOMPARE(boxes.size(), std::size_t{1});
    QCOMPARE(boxes[0].areaPx, std::size_t{5});
    QCOMPARE(boxes[0].width, std::size_t{3});
    QCOMPARE(boxes[0].height, std::size_t{3});
    QCOMPARE(boxes[0].score, (3 * 1.0 + 2 * 2.0) / 5);
    QCOMPARE(boxes[0].maxScore, 2.0);
  }

  void diagonalNeighboursJoinAndSmallComponentsDrop() {
    Image anomaly = blank(10, 10);
    anomaly.at(1, 1) = anomaly.at(2, 2) = 1.0f;  // 8-connected pair
    anomaly.at(7, 7) = 1.0f;                     // single voxel: noise
    const auto boxes = ComponentBoxFinder(2).find(anomaly, Image(), 0.5f);
    QCOMPARE(boxes.size(), std::size_t{1});
    QCOMPARE(boxes[0].areaPx, std::size_t{2});
  }

  void componentsTheGateRefusesDrop() {
    Image anomaly = blank(12, 12);
    paint(anomaly, 0, 0, 3, 3, 0.6f);  // wide but low: extent above the threshold, peak below
    paint(anomaly, 6, 6, 2, 2, 0.7f);
    anomaly.at(7, 7) = 0.9f;  // small with a high peak
    const auto peakAtLeast = [](double minimum) {
      return BoxGate(BoxGate::Statistic::Peak, minimum);
    };
    const auto boxes = ComponentBoxFinder(1, peakAtLeast(0.8)).find(anomaly, Image(), 0.5f);
    QCOMPARE(boxes.size(), std::size_t{1});
    QCOMPARE(boxes[0].id, 1);
    QCOMPARE(boxes[0].x, std::size_t{6});
    QCOMPARE(boxes[0].areaPx, std::size_t{4});  // the extent still comes from the threshold
    QCOMPARE(ComponentBoxFinder(1, peakAtLeast(0.6)).find(anomaly, Image(), 0.5f).size(),
             std::size_t{2});
    // Mass: the wide low component sums 9 × 0.6 = 5.4, the small one 3 × 0.7 + 0.9 = 3.0.
    const BoxGate mass(BoxGate::Statistic::Mass, 4.0);
    const auto heavy = ComponentBoxFinder(1, mass).find(anomaly, Image(), 0.5f);
    QCOMPARE(heavy.size(), std::size_t{1});
    QCOMPARE(heavy[0].x, std::size_t{0});
    QCOMPARE(heavy[0].areaPx, std::size_t{9});
  }

  void thresholdIsStrict() {
    Image anomaly = blank(5, 5);
    paint(anomaly, 0, 0, 2, 2, 0.5f);
    QVERIFY(ComponentBoxFinder().find(anomaly, Image(), 0.5f).empty());
    QCOMPARE(ComponentBoxFinder().find(anomaly, Image(), 0.49f).size(), std::size_t{1});
  }

  void slicesOfAVolumeKeepTheirZ() {
    Image anomaly = blank(8, 8, 3);
    paint(anomaly, 1, 1, 2, 2, 1.0f, 2);
    const auto boxes = ComponentBoxFinder().find(anomaly, Image(), 0.5f);
    QCOMPARE(boxes.size(), std::size_t{1});
    QCOMPARE(boxes[0].z, std::size_t{2});
    QCOMPARE(boxes[0].depth, std::size_t{1});
  }

  void aVolumeGivesOne3DBoxPerConnectedLesion() {
    Image anomaly = blank(10, 10, 6);
    for (std::size_t z = 1; z <= 3; ++z) paint(anomaly, 2, 2, 3, 3, 1.0f, z);
    anomaly.at(5, 5, 4) = 2.0f;  // touches (4, 4, 3) only by a corner: same 26-component
    paint(anomaly, 7, 7, 2, 2, 0.8f, 0);
    const auto boxes = ComponentBoxFinder(2).find(anomaly, Image(), 0.5f);
    QCOMPARE(boxes.size(), std::size_t{2});
    const BoundingBox& lesion = boxes[0];  // mean (27 + 2) / 28 beats 0.8
    QCOMPARE(lesion.x, std::size_t{2});
    QCOMPARE(lesion.z, std::size_t{1});
    QCOMPARE(lesion.width, std::size_t{4});
    QCOMPARE(lesion.depth, std::size_t{4});
    QCOMPARE(lesion.areaPx, std::size_t{28});
    QCOMPARE(lesion.maxScore, 2.0);
    QVERIFY(std::fabs(lesion.score - 29.0 / 28.0) < 1e-9);
    QCOMPARE(boxes[1].depth, std::size_t{1});
    QCOMPARE(boxes[1].id, 2);
  }

  /// A lesion (0.9) with a faint halo (0.3) above the threshold: the component — evidence and
  /// voxel count — includes the halo, the box only the core above the extent threshold; a
  /// component with no core keeps its whole extent.
  void aVolumeBoxEnclosesTheComponentsCore() {
    Image anomaly = blank(20, 20, 5);
    for (std::size_t z = 0; z < 5; ++z) paint(anomaly, 2, 2, 12, 12, 0.3f, z);  // halo
    for (std::size_t z = 1; z < 4; ++z) paint(anomaly, 5, 6, 4, 3, 0.9f, z);    // core
    paint(anomaly, 16, 16, 3, 3, 0.3f, 2);                                      // faint only
    const auto boxes = ComponentBoxFinder(2).find(anomaly, Image(), 0.2f, 0.5f);
    QCOMPARE(boxes.size(), std::size_t{2});
    const BoundingBox& lesion = boxes[0];
    QCOMPARE(lesion.areaPx, std::size_t{12 * 12 * 5});
    QCOMPARE(lesion.x, std::size_t{5});
    QCOMPARE(lesion.y, std::size_t{6});
    QCOMPARE(lesion.z, std::size_t{1});
    QCOMPARE(lesion.width, std::size_t{4});
    QCOMPARE(lesion.height, std::size_t{3});
    QCOMPARE(lesion.depth, std::size_t{3});
    QCOMPARE(boxes[1].x, std::size_t{16});
    QCOMPARE(boxes[1].width, std::size_t{3});
    // Without an extent threshold the box is the component's.
    QCOMPARE(ComponentBoxFinder(2).find(anomaly, Image(), 0.2f)[0].width, std::size_t{12});
  }

  void refusesMismatchedVariance() {
    QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                             ComponentBoxFinder().find(blank(8, 8), blank(4, 4), 0.5f));
  }
};

QTEST_APPLESS_MAIN(ComponentBoxFinderTest)
#include "ComponentBoxFinderTest.moc"
