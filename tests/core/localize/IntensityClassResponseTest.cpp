// The anomaly map's response per brain intensity class on healthy slices, against counts worked
// out by hand.
#include "common/Error.h"
#include "localize/IntensityClassResponse.h"

#include <QtTest>

using namespace anomadiff;
using Tissue = IntensityClassResponse::Tissue;

namespace {

ImageGeometry square(std::size_t side) {
  ImageGeometry geometry;
  geometry.size = {side, side, 1};
  return geometry;
}

/// A 10 × 10 slice whose pixels are 0, 1, …, 99: with numpy-style percentiles the darkest
/// class (below p10 = 9.9) is 0–9, the brightest (above p90 = 89.1) is 90–99.
Image ramp() {
  Image image = Image::filled(square(10), 0.0f);
  for (std::size_t i = 0; i < image.voxelCount(); ++i) image.voxels()[i] = static_cast<float>(i);
  return image;
}

/// The map scores 1 where `lit(intensity)` holds, else 0.
template <typename Predicate>
Image mapWhere(const Image& image, Predicate lit) {
  Image map = Image::filled(image.geometry(), 0.0f);
  for (std::size_t i = 0; i < image.voxelCount(); ++i) map.voxels()[i] = lit(image.voxels()[i]);
  return map;
}

}  // namespace

class IntensityClassResponseTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void mapOnTheDarkestPixelsFillsOnlyTheDarkestClass() {
    const Image image = ramp();
    IntensityClassResponse response;
    response.add(image, Image::filled(image.geometry(), 1.0f),
                 mapWhere(image, [](float v) { return v < 10.0f; }), 0.5);
    QCOMPARE(response.pixels(Tissue::darkest), std::size_t{10});
    QCOMPARE(response.pixels(Tissue::middle), std::size_t{80});
    QCOMPARE(response.pixels(Tissue::brightest), std::size_t{10});
    QCOMPARE(response.shareAbove(Tissue::darkest), 1.0);
    QCOMPARE(response.shareAbove(Tissue::middle), 0.0);
    QCOMPARE(response.shareAbove(Tissue::brightest), 0.0);
  }

  void onlyBrainPixelsCountAndClassesComeFromTheBrain() {
    // Brain: the pixels 50–99. Its p10 is 54.9 and p90 94.1: darkest 50–54, brightest 95–99.
    const Image image = ramp();
    const Image brain = mapWhere(image, [](float v) { return v >= 50.0f; });
    IntensityClassResponse response;
    response.add(image, brain, mapWhere(image, [](float v) { return v < 52.0f || v > 97.0f; }),
                 0.5);
    QCOMPARE(response.pixels(Tissue::darkest), std::size_t{5});
    QCOMPARE(response.pixels(Tissue::middle), std::size_t{40});
    QCOMPARE(response.pixels(Tissue::brightest), std::size_t{5});
    QCOMPARE(response.shareAbove(Tissue::darkest), 2.0 / 5.0);    // 50, 51 (0–49 not brain)
    QCOMPARE(response.shareAbove(Tissue::brightest), 2.0 / 5.0);  // 98, 99
    QCOMPARE(response.shareAbove(Tissue::middle), 0.0);
  }

  void slicesPoolByPixelsAndTheThresholdIsStrict() {
    const Image image = ramp();
    const Image brain = Image::filled(image.geometry(), 1.0f);
    IntensityClassResponse response;
    response.add(image, brain, mapWhere(image, [](float v) { return v >= 40.0f && v < 60.0f; }),
                 0.5);
    response.add(image, brain, Image::filled(image.geometry(), 0.5f), 0.5);  // on it: not above
    QCOMPARE(response.pixels(Tissue::middle), std::size_t{160});
    QCOMPARE(response.shareAbove(Tissue::middle), 20.0 / 160.0);
  }

  void anEmptyBrainAddsNothingAndOtherGridsAreRefused() {
    const Image image = ramp();
    IntensityClassResponse response;
    response.add(image, Image::filled(image.geometry(), 0.0f), image, 0.5);
    QCOMPARE(response.pixels(Tissue::middle), std::size_t{0});
    QCOMPARE(response.shareAbove(Tissue::darkest), 0.0);
    const Image other = Image::filled(square(9), 1.0f);
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, response.add(image, other, image, 0.5));
  }
};

QTEST_APPLESS_MAIN(IntensityClassResponseTest)
#include "IntensityClassResponseTest.moc"
