// Brain masks: labels, and masks computed from synthetic and real skull-stripped images.
#include "image/ImageReader.h"
#include "preprocess/BrainMask.h"

#include "RealData.h"

#include <QtTest>

#include <filesystem>

#include <cmath>

using namespace anomadiff;
using namespace anomadiff::preprocess;

namespace {

ImageGeometry grid(std::size_t nx, std::size_t ny, std::size_t nz) {
  ImageGeometry geometry;
  geometry.size = {nx, ny, nz};
  return geometry;
}

double distance(double x, double y, double z, double cx, double cy, double cz) {
  return std::sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - cz) * (z - cz));
}

/// A skull-stripped "brain": a bright disc (radius 20) with a dark hole (a ventricle, value 0)
/// inside, a separate bright speck outside it and faint background noise.
Image strippedDisc() {
  Image image = Image::filled(grid(64, 64, 1), 0.0f);
  for (std::size_t y = 0; y < 64; ++y)
    for (std::size_t x = 0; x < 64; ++x) {
      const double r = distance(x, y, 0, 30, 32, 0);
      float v = ((x * 7 + y * 13) % 5) * 0.3f;  // background <= 1.2, below 2 % of 100
      if (r <= 20.0) v = 100.0f - float(r);
      if (r <= 5.0) v = 0.0f;
      image.at(x, y) = v;
    }
  for (std::size_t y = 2; y < 5; ++y)
    for (std::size_t x = 58; x < 62; ++x) image.at(x, y) = 80.0f;
  return image;
}

}  // namespace

class BrainMaskTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void labelsAboveZeroAreBrain() {
    const std::vector<float> labels{0, 1, 2, 6, 0, -1};
    ImageGeometry g = grid(6, 1, 1);
    const Image mask = BrainMask::fromLabels(Image(g, labels));
    const std::vector<float> expected{0, 1, 1, 1, 0, 0};
    QCOMPARE(std::vector<float>(mask.voxels().begin(), mask.voxels().end()), expected);
    QCOMPARE(mask.storedAs(), SampleType::UInt8);
    QCOMPARE(BrainMask::voxelCount(mask), std::size_t{3});
  }

  void discBecomesAFilledDisc() {
    const Image image = strippedDisc();
    const Image mask = BrainMask::fromSkullStripped(image);
    QCOMPARE(mask.geometry(), image.geometry());
    for (std::size_t y = 0; y < 64; ++y)
      for (std::size_t x = 0; x < 64; ++x) {
        const float expected = distance(x, y, 0, 30, 32, 0) <= 20.0 ? 1.0f : 0.0f;
        if (mask.at(x, y) != expected)
          QFAIL(qPrintable(QString("mask(%1, %2) = %3").arg(x).arg(y).arg(mask.at(x, y))));
      }
    // Without the clean-up the speck stays and the ventricle stays open.
    BrainMaskOptions raw;
    raw.keepLargestComponent = false;
    raw.fillHoles = false;
    const Image rawMask = BrainMask::fromSkullStripped(image, raw);
    QCOMPARE(rawMask.at(60, 3), 1.0f);
    QCOMPARE(rawMask.at(30, 32), 0.0f);
  }

  void volumeCavityIsFilledIn3DAndPerSlice() {
    // A ball of radius 8 with a closed cavity of radius 3; a second small ball apart.
    Image image = Image::filled(grid(24, 24, 20), 0.0f);
    for (std::size_t z = 0; z < 20; ++z)
      for (std::size_t y = 0; y < 24; ++y)
        for (std::size_t x = 0; x < 24; ++x) {
          const double r = distance(x, y, z, 11, 11, 10);
          if (r <= 8.0 && r > 3.0) image.at(x, y, z) = 50.0f;
          if (distance(x, y, z, 21, 21, 2) <= 1.5) image.at(x, y, z) = 50.0f;
        }
    for (bool perSlice : {false, true}) {
      BrainMaskOptions options;
      options.perSlice = perSlice;
      const Image mask = BrainMask::fromSkullStripped(image, options);
      std::size_t wrong = 0;
      for (std::size_t z = 0; z < 20; ++z)
        for (std::size_t y = 0; y < 24; ++y)
          for (std::size_t x = 0; x < 24; ++x) {
            const float expected = distance(x, y, z, 11, 11, 10) <= 8.0 ? 1.0f : 0.0f;
            wrong += mask.at(x, y, z) != expected;
          }
      // Per slice the far ball's slices have only that ball, which then is the largest.
      if (perSlice) {
        QVERIFY(wrong > 0 && wrong < 20);
      } else {
        QCOMPARE(wrong, std::size_t{0});
      }
    }
  }

  void colinMaskHasABrainsVolume() {
    if (!std::filesystem::exists(test::kColinBrain)) QSKIP("mricron-data is not installed");
    const Image colin = ImageReader().read(test::kColinBrain);
    const std::size_t voxels = BrainMask::voxelCount(BrainMask::fromSkullStripped(colin));
    qInfo("Colin27 brain mask: %zu voxels (1 mm^3)", voxels);
    // An adult brain with its sulcal CSF and (filled) ventricles: 1.1-2.0 litres.
    QVERIFY(voxels > 1100000 && voxels < 2000000);
  }
};

QTEST_APPLESS_MAIN(BrainMaskTest)
#include "BrainMaskTest.moc"
