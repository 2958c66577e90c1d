#include "common/Error.h"
#include "localize/MapLevel.h"
#include "localize/SliceConsistency.h"

#include <QtTest>

using namespace anomadiff;

namespace {

ImageGeometry grid(std::size_t depth) {
  ImageGeometry geometry;
  geometry.size = {4, 3, depth};
  return geometry;
}

/// A brain of the first 3 columns of every row and slice (column 3 is background).
Image leftBrain(std::size_t depth) {
  Image brain = Image::filled(grid(depth), 0.0f);
  for (std::size_t z = 0; z < depth; ++z)
    for (std::size_t y = 0; y < 3; ++y)
      for (std::size_t x = 0; x < 3; ++x) brain.at(x, y, z) = 1.0f;
  return brain;
}

}  // namespace

class MapLevelTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void aLouderScanIsDividedDownToTheCalibratedMedian() {
    // Brain values 0.1 … 0.9 (nine voxels), a loud background that must not count.
    Image map = Image::filled(grid(1), 5.0f);
    const Image brain = leftBrain(1);
    float value = 0.1f;
    for (std::size_t y = 0; y < 3; ++y)
      for (std::size_t x = 0; x < 3; ++x, value += 0.1f) map.at(x, y) = value;
    const MapLevel level = MapLevel::measure(map, brain, 0.25);
    QCOMPARE(float(level.scanMedian), 0.5f);
    QCOMPARE(float(level.divisor), 2.0f);
    level.apply(map);
    QCOMPARE(map.at(2, 2), 0.45f);  // 0.9 / 2
    QCOMPARE(map.at(3, 0), 2.5f);   // every voxel is scaled, the brain only measures
  }

  void aQuieterScanKeepsTheCalibratedSensitivity() {
    Image map = Image::filled(grid(1), 0.05f);
    const MapLevel level = MapLevel::measure(map, leftBrain(1), 0.1);
    QCOMPARE(level.divisor, 1.0);
    level.apply(map);
    QCOMPARE(map.at(0, 0), 0.05f);
  }

  void anUncalibratedMedianChangesNothing() {
    const MapLevel level = MapLevel::measure(Image::filled(grid(1), 0.7f), leftBrain(1), 0.0);
    QCOMPARE(level.divisor, 1.0);
    QCOMPARE(float(level.scanMedian), 0.7f);
  }

  /// ¼ ½ ¼ along z inside the brain; at the first slice and next to background only the
  /// neighbours that are brain count, renormalized.
  void neighbouringSlicesAreAveragedInsideTheBrain() {
    Image map = Image::filled(grid(4), 0.0f);
    const Image brain = leftBrain(4);
    for (std::size_t z = 0; z < 4; ++z) map.at(1, 1, z) = float(z + 1);  // 1 2 3 4
    map.at(3, 1, 1) = 9.0f;                                              // background
    const Image smooth = SliceConsistency::smoothed(map, brain);
    QCOMPARE(smooth.at(1, 1, 1), 2.0f);                            // .25·1 + .5·2 + .25·3
    QCOMPARE(smooth.at(1, 1, 0), (0.5f * 1 + 0.25f * 2) / 0.75f);  // no slice below
    QCOMPARE(smooth.at(1, 1, 3), (0.5f * 4 + 0.25f * 3) / 0.75f);
    QCOMPARE(smooth.at(3, 1, 1), 0.0f);  // outside the brain: 0
    // A voxel whose neighbour slice is background averages with the other one only.
    Image partial = leftBrain(3);
    partial.at(0, 0, 0) = 0.0f;
    Image ramp = Image::filled(grid(3), 0.0f);
    for (std::size_t z = 0; z < 3; ++z) ramp.at(0, 0, z) = float(10 * z);  // 0 10 20
    QCOMPARE(SliceConsistency::smoothed(ramp, partial).at(0, 0, 1),
             (0.5f * 10 + 0.25f * 20) / 0.75f);
  }

  void isolatedNoiseShrinksWhileAPersistentLesionStays() {
    Image map = Image::filled(grid(5), 0.0f);
    map.at(0, 0, 2) = 1.0f;                                      // one slice only: noise
    for (std::size_t z = 0; z < 5; ++z) map.at(2, 2, z) = 1.0f;  // every slice: a lesion
    const Image smooth = SliceConsistency::smoothed(map, leftBrain(5));
    QCOMPARE(smooth.at(0, 0, 2), 0.5f);
    QCOMPARE(smooth.at(2, 2, 2), 1.0f);
  }

  void aPlaneIsLeftAsIsAndAForeignMaskRefused() {
    Image plane = Image::filled(grid(1), 0.3f);
    QCOMPARE(SliceConsistency::smoothed(plane, leftBrain(1)).at(3, 2), 0.3f);
    QVERIFY_THROWS_EXCEPTION(
        InvalidArgument, SliceConsistency::smoothed(Image::filled(grid(4), 0.0f), leftBrain(3)));
  }
};

QTEST_APPLESS_MAIN(MapLevelTest)
#include "MapLevelTest.moc"
