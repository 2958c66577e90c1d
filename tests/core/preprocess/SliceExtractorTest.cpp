// Slices keep their physical place in the volume.
#include "common/Error.h"
#include "preprocess/SliceExtractor.h"

#include <QtTest>

using namespace anomadiff;
using namespace anomadiff::preprocess;

namespace {

std::array<double, 3> physical(const ImageGeometry& g, double x, double y, double z) {
  std::array<double, 3> p{};
  const double index[3] = {x, y, z};
  for (int row = 0; row < 3; ++row) {
    p[row] = g.origin[row];
    for (int c = 0; c < 3; ++c) p[row] += g.direction[row * 3 + c] * g.spacing[c] * index[c];
  }
  return p;
}

}  // namespace

class SliceExtractorTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void slicesKeepVoxelsAndPositions() {
    ImageGeometry g;
    g.size = {5, 4, 3};
    g.spacing = {0.5, 1.5, 2.5};
    g.origin = {90, 125, -71};
    g.direction = {-1, 0, 0, 0, -1, 0, 0, 0, 1};
    std::vector<float> voxels(g.voxelCount());
    for (std::size_t i = 0; i < voxels.size(); ++i) voxels[i] = float(i);
    const Image volume(g, voxels);
    for (int axis = 0; axis < 3; ++axis) {
      const std::size_t index = 1;
      const Image slice = SliceExtractor::extract(volume, axis, index);
      QCOMPARE(slice.depth(), std::size_t{1});
      QCOMPARE(slice.voxelCount(), g.voxelCount() / g.size[axis]);
      // Every slice voxel sits where the volume voxel with its value sits.
      for (std::size_t v = 0; v < slice.height(); ++v)
        for (std::size_t u = 0; u < slice.width(); ++u) {
          const auto value = std::size_t(slice.at(u, v));
          const std::size_t x = value % 5, y = (value / 5) % 4, z = value / 20;
          QCOMPARE((std::array<std::size_t, 3>{x, y, z})[axis], index);
          const auto a = physical(slice.geometry(), u, v, 0);
          const auto b = physical(g, x, y, z);
          for (int i = 0; i < 3; ++i) QVERIFY(std::abs(a[i] - b[i]) < 1e-9);
        }
    }
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, SliceExtractor::extract(volume, 2, 3));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, SliceExtractor::extract(volume, 3, 0));
  }
};

QTEST_APPLESS_MAIN(SliceExtractorTest)
#include "SliceExtractorTest.moc"
