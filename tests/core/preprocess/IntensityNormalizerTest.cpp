// Percentile normalization: percentiles on known data, masks, the inverse, refusals.
#include "common/Error.h"
#include "preprocess/IntensityNormalizer.h"

#include <QtTest>

#include <cmath>
#include <limits>
#include <random>

using namespace anomadiff;
using namespace anomadiff::preprocess;

namespace {

Image row(std::vector<float> values) {
  ImageGeometry geometry;
  geometry.size = {values.size(), 1, 1};
  return Image(geometry, std::move(values));
}

/// 0, 1, ..., 100 in random order: p1 = 1 and p99 = 99 exactly.
Image zeroToHundred() {
  std::vector<float> values(101);
  for (int i = 0; i <= 100; ++i) values[i] = float(i);
  std::shuffle(values.begin(), values.end(), std::mt19937(3));
  return row(values);
}

}  // namespace

class IntensityNormalizerTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void percentilesOfKnownData() {
    const auto normalizer = IntensityNormalizer::fit(zeroToHundred());
    QCOMPARE(normalizer.lowerValue(), 1.0);
    QCOMPARE(normalizer.upperValue(), 99.0);
    // Interpolated between order statistics: p2.5 of 0..100 is 2.5.
    IntensityNormalizerOptions options;
    options.lowerPercentile = 2.5;
    options.upperPercentile = 50.0;
    const auto other = IntensityNormalizer::fit(zeroToHundred(), options);
    QCOMPARE(other.lowerValue(), 2.5);
    QCOMPARE(other.upperValue(), 50.0);
  }

  void mapsPercentilesToTheOutputRangeAndClips() {
    const auto normalizer = IntensityNormalizer::fit(zeroToHundred());
    const Image out = normalizer.normalize(row({1.0f, 99.0f, 50.0f, 0.0f, 100.0f, -500.0f}));
    QCOMPARE(out.voxels()[0], -1.0f);
    QCOMPARE(out.voxels()[1], 1.0f);
    QCOMPARE(out.voxels()[2], 0.0f);
    QCOMPARE(out.voxels()[3], -1.0f);  // clipped
    QCOMPARE(out.voxels()[4], 1.0f);
    QCOMPARE(out.voxels()[5], -1.0f);

    IntensityNormalizerOptions unit;
    unit.outputLow = 0.0f;
    unit.clip = false;
    const auto toUnit = IntensityNormalizer::fit(zeroToHundred(), unit);
    const Image u = toUnit.normalize(row({1.0f, 99.0f, 50.0f, 0.0f}));
    QCOMPARE(u.voxels()[0], 0.0f);
    QCOMPARE(u.voxels()[1], 1.0f);
    QCOMPARE(u.voxels()[2], 0.5f);
    QVERIFY(u.voxels()[3] < 0.0f);  // not clipped
  }

  void onlyTheMaskDecides() {
    // Outside the mask: huge values that would move the percentiles if they counted.
    std::vector<float> values(202);
    std::vector<float> mask(202, 0.0f);
    for (int i = 0; i <= 100; ++i) {
      values[i] = float(i);
      mask[i] = 3.0f;  // any label > 0 counts
      values[101 + i] = 1e6f;
    }
    const auto normalizer = IntensityNormalizer::fit(row(values), row(mask));
    QCOMPARE(normalizer.lowerValue(), 1.0);
    QCOMPARE(normalizer.upperValue(), 99.0);
  }

  void inverseRestoresTheImage() {
    std::mt19937 random(11);
    std::normal_distribution<float> normal(300.0f, 80.0f);
    std::vector<float> values(5000);
    for (float& v : values) v = normal(random);
    const Image image = row(values);
    IntensityNormalizerOptions options;
    options.clip = false;
    const auto normalizer = IntensityNormalizer::fit(image, options);
    const Image back = normalizer.denormalize(normalizer.normalize(image));
    for (std::size_t i = 0; i < values.size(); ++i)
      QVERIFY(std::abs(back.voxels()[i] - values[i]) < 1e-3f);
    // With clipping, values between the percentiles still come back.
    const auto clipping = IntensityNormalizer::fit(image);
    const Image clippedBack = clipping.denormalize(clipping.normalize(image));
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (values[i] < clipping.lowerValue() || values[i] > clipping.upperValue()) continue;
      QVERIFY(std::abs(clippedBack.voxels()[i] - values[i]) < 1e-3f);
    }
    // Stored intensities (a bundle's) give the same map as the fit.
    const IntensityNormalizer stored(normalizer.lowerValue(), normalizer.upperValue(), options);
    QCOMPARE(stored.normalize(image).voxels()[17], normalizer.normalize(image).voxels()[17]);
  }

  void nonFiniteVoxelsAreRefusedWithTheirCount() {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const float inf = std::numeric_limits<float>::infinity();
    const Image bad = row({1.0f, nan, 3.0f, inf, -inf, 6.0f});
    try {
      IntensityNormalizer::fit(bad);
      QFAIL("NaN voxels were accepted");
    } catch (const InvalidArgument& error) {
      QVERIFY2(QString(error.what()).contains("3 NaN or infinite"), error.what());
    }
    const auto normalizer = IntensityNormalizer::fit(zeroToHundred());
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, normalizer.normalize(bad));
  }

  void badInputsAreRefused() {
    const Image image = zeroToHundred();
    QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                             IntensityNormalizer::fit(image, Image::filled(image.geometry(), 0)));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, IntensityNormalizer::fit(image, row({1, 1})));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, IntensityNormalizer::fit(row({4, 4, 4, 4})));
    IntensityNormalizerOptions reversed;
    reversed.lowerPercentile = 90;
    reversed.upperPercentile = 10;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, IntensityNormalizer::fit(image, reversed));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, IntensityNormalizer(5.0, 5.0));
  }
};

QTEST_APPLESS_MAIN(IntensityNormalizerTest)
#include "IntensityNormalizerTest.moc"
