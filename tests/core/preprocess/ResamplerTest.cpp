// In-plane resampling to the model's size and back: maps always land on the input grid.
#include "common/Error.h"
#include "image/ImageReader.h"
#include "preprocess/BrainMask.h"
#include "preprocess/Resampler.h"
#include "preprocess/SliceExtractor.h"

#include <QtTest>

#include <cmath>

using namespace anomadiff;
using namespace anomadiff::preprocess;

namespace {

/// An oblique 2D grid with anisotropic pixels and an origin far from zero.
ImageGeometry obliqueSlice(std::size_t nx, std::size_t ny) {
  ImageGeometry g;
  g.size = {nx, ny, 1};
  g.spacing = {0.8, 1.3, 2.0};
  g.origin = {-91.25, 40.5, 17.0};
  g.direction = {0, 0, 1, -1, 0, 0, 0, -1, 0};
  return g;
}

std::array<double, 3> physical(const ImageGeometry& g, double x, double y, double z) {
  std::array<double, 3> p{};
  const double index[3] = {x, y, z};
  for (int row = 0; row < 3; ++row) {
    p[row] = g.origin[row];
    for (int c = 0; c < 3; ++c) p[row] += g.direction[row * 3 + c] * g.spacing[c] * index[c];
  }
  return p;
}

/// A smooth function of the physical position, so that the round trip can be judged in mm.
Image smoothImage(const ImageGeometry& g) {
  Image image = Image::filled(g, 0.0f);
  for (std::size_t z = 0; z < g.size[2]; ++z)
    for (std::size_t y = 0; y < g.size[1]; ++y)
      for (std::size_t x = 0; x < g.size[0]; ++x) {
        const auto p = physical(g, x, y, z);
        image.at(x, y, z) =
            float(100.0 + 40.0 * std::sin(p[0] / 25.0) * std::cos(p[1] / 30.0) + p[2] * 0.1);
      }
  return image;
}

Image ellipseMask(const ImageGeometry& g, double cx, double cy, double rx, double ry) {
  Image mask = Image::filled(g, 0.0f);
  for (std::size_t z = 0; z < g.size[2]; ++z)
    for (std::size_t y = 0; y < g.size[1]; ++y)
      for (std::size_t x = 0; x < g.size[0]; ++x) {
        const double u = (x - cx) / rx, v = (y - cy) / ry;
        mask.at(x, y, z) = u * u + v * v <= 1.0 ? 1.0f : 0.0f;
      }
  return mask;
}

}  // namespace

class ResamplerTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void mapsComeBackOnTheInputGrid() {
    const ImageGeometry input = obliqueSlice(150, 90);
    const Image mask = ellipseMask(input, 80, 40, 50, 30);
    for (std::size_t target : {64u, 128u}) {
      ResamplerOptions options;
      options.targetSize = target;
      const Resampler resampler(input, mask, options);
      const Image model = resampler.toModel(smoothImage(input));
      QCOMPARE(model.geometry().size, (std::array<std::size_t, 3>{target, target, 1}));
      // Square pixels: the aspect ratio is kept.
      QCOMPARE(model.geometry().spacing[0], model.geometry().spacing[1]);
      QCOMPARE(model.geometry().direction, input.direction);
      const Image back = resampler.toInput(model);
      QVERIFY(back.geometry() == input);
      QVERIFY(
          resampler.toInput(resampler.toModel(mask, Interpolation::Nearest), Interpolation::Nearest)
              .geometry() == input);
    }
  }

  void modelGridIsPhysicallyConsistent() {
    // The model pixel's physical centre holds the input's value at the same point.
    const ImageGeometry input = obliqueSlice(150, 90);
    ResamplerOptions options;
    options.antiAlias = false;
    const Resampler resampler(input, ellipseMask(input, 80, 40, 50, 30), options);
    const Image smooth = smoothImage(input);
    const Image model = resampler.toModel(smooth);
    const auto& mg = model.geometry();
    const auto p = physical(mg, 31, 29, 0);
    const double expected =
        100.0 + 40.0 * std::sin(p[0] / 25.0) * std::cos(p[1] / 30.0) + p[2] * 0.1;
    QVERIFY2(std::abs(model.at(31, 29) - expected) < 0.5,
             qPrintable(QString("%1 vs %2").arg(model.at(31, 29)).arg(expected)));
    // The brain box is centred: its middle (input index 80, 40) is the model's middle.
    const auto boxCentre = physical(input, 80, 40, 0);
    const auto modelCentre = physical(mg, 31.5, 31.5, 0);
    for (int i = 0; i < 3; ++i) QVERIFY(std::abs(boxCentre[i] - modelCentre[i]) < 1e-6);
  }

  void smoothImageRoundTripsWithSmallError() {
    const ImageGeometry input = obliqueSlice(150, 90);
    const Image mask = ellipseMask(input, 80, 40, 50, 30);
    ResamplerOptions options;
    options.targetSize = 128;
    const Resampler resampler(input, mask, options);
    const Image smooth = smoothImage(input);
    const Image back = resampler.toInput(resampler.toModel(smooth), Interpolation::Linear, -7.0f);
    double worst = 0.0;
    for (std::size_t y = 0; y < 90; ++y)
      for (std::size_t x = 0; x < 150; ++x) {
        if (mask.at(x, y) == 0.0f) continue;
        worst = std::max(worst, double(std::abs(back.at(x, y) - smooth.at(x, y))));
      }
    qInfo("round trip through 128 px: worst error %.3f on a range of 80", worst);
    QVERIFY(worst < 1.0);
    // Far outside the square (x = 0 is 64 mm left of the box) the fill value is used.
    QCOMPARE(back.at(0, 40), -7.0f);
  }

  void maskRoundTripsWithNearest() {
    const Image colin = ImageReader().read("/usr/share/mricron/templates/ch2bet.nii.gz");
    const Image slice = SliceExtractor::extract(colin, 2, 90);
    const Image mask = BrainMask::fromSkullStripped(slice);
    const Resampler resampler(slice.geometry(), mask);
    const Image model = resampler.toModel(mask, Interpolation::Nearest);
    for (float v : model.voxels()) QVERIFY(v == 0.0f || v == 1.0f);
    const Image back = resampler.toInput(model, Interpolation::Nearest);
    QVERIFY(back.geometry() == slice.geometry());
    double both = 0, sum = 0;
    for (std::size_t i = 0; i < back.voxelCount(); ++i) {
      both += back.voxels()[i] > 0 && mask.voxels()[i] > 0;
      sum += (back.voxels()[i] > 0) + (mask.voxels()[i] > 0);
    }
    qInfo("Colin27 z=90 mask through 64 px and back: Dice %.3f", 2 * both / sum);
    QVERIFY(2 * both / sum > 0.95);
  }

  void volumesAreResampledInPlane() {
    ImageGeometry input;
    input.size = {40, 30, 5};
    input.spacing = {1.0, 1.0, 3.0};
    input.origin = {5, 6, 7};
    const Resampler resampler(input, ResamplerOptions{32, 0.0, true});
    const Image model = resampler.toModel(smoothImage(input));
    QCOMPARE(model.geometry().size[2], std::size_t{5});
    QCOMPARE(model.geometry().spacing[2], 3.0);
    QCOMPARE(model.geometry().spacing[0], 40.0 / 32.0);
    QVERIFY(resampler.toInput(model).geometry() == input);
  }

  void badInputsAreRefused() {
    const ImageGeometry input = obliqueSlice(20, 10);
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, Resampler(input, Image::filled(input, 0.0f)));
    const Resampler resampler(input);
    QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                             resampler.toModel(Image::filled(obliqueSlice(21, 10), 0.0f)));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, resampler.toInput(Image::filled(input, 0.0f)));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, Resampler(input, ResamplerOptions{0, 0.0, true}));
  }
};

QTEST_APPLESS_MAIN(ResamplerTest)
#include "ResamplerTest.moc"
