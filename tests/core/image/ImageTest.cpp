#include "common/Error.h"
#include "image/Image.h"

#include <QtTest>

#include <cmath>
#include <limits>

using namespace anomadiff;

class ImageTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void indexingIsXFastest() {
    ImageGeometry geometry;
    geometry.size = {4, 3, 2};
    std::vector<float> voxels(24);
    for (std::size_t i = 0; i < voxels.size(); ++i) voxels[i] = static_cast<float>(i);
    const Image image(geometry, voxels);
    QCOMPARE(image.at(1, 0, 0), 1.0f);
    QCOMPARE(image.at(0, 1, 0), 4.0f);
    QCOMPARE(image.at(0, 0, 1), 12.0f);
    QCOMPARE(image.at(3, 2, 1), 23.0f);
  }

  void refusesMismatchedVoxelCount() {
    ImageGeometry geometry;
    geometry.size = {4, 3, 1};
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, Image(geometry, std::vector<float>(11)));
  }

  void refusesEmptyAxis() {
    ImageGeometry geometry;
    geometry.size = {4, 0, 1};
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, Image(geometry, {}));
  }

  void countsNonFiniteVoxels() {
    ImageGeometry geometry;
    geometry.size = {2, 2, 1};
    Image image = Image::filled(geometry, 1.0f);
    QCOMPARE(image.nonFiniteCount(), std::size_t{0});
    image.at(0, 0) = std::numeric_limits<float>::quiet_NaN();
    image.at(1, 1) = std::numeric_limits<float>::infinity();
    QCOMPARE(image.nonFiniteCount(), std::size_t{2});
  }
};

QTEST_APPLESS_MAIN(ImageTest)
#include "ImageTest.moc"
