// Orientation codes and re-indexing: the real files' codes, an exact permutation that keeps every
// voxel in its physical place, and a way back that restores the stored file voxel for voxel.
#include "RealData.h"
#include "common/Error.h"
#include "image/ImageReader.h"
#include "image/ScreenLetters.h"
#include "preprocess/AffineResampler.h"
#include "preprocess/AnatomicalOrientation.h"

#include <QtTest>

#include <cmath>

using namespace anomadiff;
using namespace anomadiff::preprocess;
using test::kColinBrain;
using test::kKmeansT1;

namespace {

ImageGeometry grid(std::array<std::size_t, 3> size, std::array<double, 9> direction) {
  ImageGeometry geometry;
  geometry.size = size;
  geometry.spacing = {2.0, 3.0, 4.0};
  geometry.origin = {10.0, -20.0, 30.0};
  geometry.direction = direction;
  return geometry;
}

std::array<double, 3> physical(const ImageGeometry& g, std::size_t x, std::size_t y,
                               std::size_t z) {
  return AffineTransform::indexToPhysical(g).apply({double(x), double(y), double(z)});
}

}  // namespace

class AnatomicalOrientationTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void realFilesHaveTheirKnownCodes() {
    // Colin27 is stored RAS; KmeansTest coronally: i to the left, j superior, k anterior.
    QCOMPARE(AnatomicalOrientation::codeOf(ImageReader().readHeader(kColinBrain).geometry),
             std::string("RAS"));
    QCOMPARE(AnatomicalOrientation::codeOf(ImageReader().readHeader(kKmeansT1).geometry),
             std::string("LSA"));
  }

  void codesAreValidatedAndObliqueGridsHaveNone() {
    QVERIFY(AnatomicalOrientation::isValidCode("LPS"));
    QVERIFY(AnatomicalOrientation::isValidCode("SAR"));
    QVERIFY(!AnatomicalOrientation::isValidCode("RLS"));
    QVERIFY(!AnatomicalOrientation::isValidCode("RA"));
    QVERIFY(!AnatomicalOrientation::isValidCode("XYZ"));
    // 45° in the x-y plane: index axes 0 and 1 both round to x, so there is no code.
    const double c = std::sqrt(0.5);
    const ImageGeometry oblique = grid({4, 4, 4}, {c, c, 0, -c, c, 0, 0, 0, 1});
    QCOMPARE(AnatomicalOrientation::codeOf(oblique), std::string());
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, AnatomicalOrientation::reoriented(oblique, "RAS"));
    QVERIFY_THROWS_EXCEPTION(
        InvalidArgument,
        AnatomicalOrientation::reoriented(grid({2, 2, 2}, {1, 0, 0, 0, 1, 0, 0, 0, 1}), "RLS"));
  }

  void flipsAndPermutationsHaveAnalyticGeometry() {
    // LPS identity grid to RAS: axes 0 and 1 flip, so the new origin is the far corner in x, y.
    const ImageGeometry lps = grid({5, 6, 7}, {1, 0, 0, 0, 1, 0, 0, 0, 1});
    QCOMPARE(AnatomicalOrientation::codeOf(lps), std::string("LPS"));
    const ImageGeometry ras = AnatomicalOrientation::reoriented(lps, "RAS");
    QCOMPARE(AnatomicalOrientation::codeOf(ras), std::string("RAS"));
    QCOMPARE(ras.size, lps.size);
    QCOMPARE(ras.origin[0], 10.0 + 4 * 2.0);
    QCOMPARE(ras.origin[1], -20.0 + 5 * 3.0);
    QCOMPARE(ras.origin[2], 30.0);
    // To "SAL": axis 0 is the old z, axis 1 the old y flipped, axis 2 the old x.
    const ImageGeometry sal = AnatomicalOrientation::reoriented(lps, "SAL");
    QCOMPARE(sal.size, (std::array<std::size_t, 3>{7, 6, 5}));
    QCOMPARE(sal.spacing, (std::array<double, 3>{4.0, 3.0, 2.0}));
    QCOMPARE(physical(sal, 0, 0, 0), physical(lps, 0, 5, 0));
    QCOMPARE(physical(sal, 6, 5, 4), physical(lps, 4, 0, 6));
  }

  void viewsPrintTheSameLettersWhateverTheStorage() {
    // Radiological views: R on the left, A (axial) or S (coronal, sagittal) at the top, and a
    // coronally stored scan shows the same letters as an axial one.
    for (const char* file : {kColinBrain, kKmeansT1}) {
      const ImageGeometry g = ImageReader().readHeader(file).geometry;
      QCOMPARE(screenLettersFor(g, sliceAxesFor(g, SliceOrientation::Axial)),
               (ScreenLetters{'R', 'L', 'A', 'P'}));
      QCOMPARE(screenLettersFor(g, sliceAxesFor(g, SliceOrientation::Coronal)),
               (ScreenLetters{'R', 'L', 'S', 'I'}));
      QCOMPARE(screenLettersFor(g, sliceAxesFor(g, SliceOrientation::Sagittal)),
               (ScreenLetters{'A', 'P', 'S', 'I'}));
    }
  }

  void reorientingPermutesVoxelsExactlyAndComesBack() {
    const Image kmeans = ImageReader().read(kKmeansT1);
    const ImageGeometry ras = AnatomicalOrientation::reoriented(kmeans.geometry(), "RAS");
    QCOMPARE(AnatomicalOrientation::codeOf(ras), std::string("RAS"));
    const Image axial = AffineResampler::resample(kmeans, ras, {}, Interpolation::Nearest);
    // Axial slices: the third axis is the old second one (superior), 62 coronal -> 128 axial.
    QCOMPARE(axial.geometry().size, (std::array<std::size_t, 3>{128, 62, 128}));
    // Every voxel keeps its value at its physical place.
    const auto toKmeansIndex = AffineTransform::indexToPhysical(kmeans.geometry()).inverse();
    for (std::size_t z = 0; z < 128; z += 7) {
      for (std::size_t y = 0; y < 62; y += 5) {
        for (std::size_t x = 0; x < 128; x += 3) {
          const auto index = toKmeansIndex.apply(physical(ras, x, y, z));
          const auto i = std::size_t(std::lround(index[0]));
          const auto j = std::size_t(std::lround(index[1]));
          const auto k = std::size_t(std::lround(index[2]));
          QVERIFY(std::abs(index[0] - double(i)) < 1e-6 && std::abs(index[2] - double(k)) < 1e-6);
          QCOMPARE(axial.at(x, y, z), kmeans.at(i, j, k));
        }
      }
    }
    const Image back =
        AffineResampler::resample(axial, kmeans.geometry(), {}, Interpolation::Nearest);
    QCOMPARE(back.geometry(), kmeans.geometry());
    QVERIFY(std::equal(back.voxels().begin(), back.voxels().end(), kmeans.voxels().begin()));
  }
};

QTEST_APPLESS_MAIN(AnatomicalOrientationTest)
#include "AnatomicalOrientationTest.moc"
