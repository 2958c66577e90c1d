// Synthetic lesions on a real Colin27 slice: exact labels for every family, inside the brain,
// reproducible, and sizes from tiny to large.
#include "common/Error.h"
#include "image/ImageReader.h"
#include "lesions/LesionGenerator.h"
#include "lesions/LesionSampler.h"
#include "preprocess/AffineResampler.h"
#include "preprocess/BrainMask.h"
#include "preprocess/Percentiles.h"
#include "preprocess/SliceExtractor.h"

#include <QtTest>

#include <cmath>

using namespace anomadiff;
using namespace anomadiff::lesions;
using namespace anomadiff::preprocess;

namespace {

struct Subject {
  Image image;
  Image mask;
};

const Subject& colinSlice() {
  static const Subject subject = [] {
    const Image colin = ImageReader().read("/usr/share/mricron/templates/ch2bet.nii.gz");
    Image slice = SliceExtractor::extract(colin, 2, 90);
    Image mask = BrainMask::fromSkullStripped(slice);
    return Subject{std::move(slice), std::move(mask)};
  }();
  return subject;
}

/// Colin27 at 3 mm: a small real volume for the 3D cases.
const Subject& colinVolume() {
  static const Subject subject = [] {
    const Image colin = ImageReader().read("/usr/share/mricron/templates/ch2bet.nii.gz");
    ImageGeometry coarse = colin.geometry();
    coarse.size = {60, 72, 60};
    coarse.spacing = {3, 3, 3};
    Image volume = AffineResampler::resample(colin, coarse, AffineTransform());
    Image mask = BrainMask::fromSkullStripped(volume);
    return Subject{std::move(volume), std::move(mask)};
  }();
  return subject;
}

/// The contract: label == 1 <=> output != input <=> |output - input| > epsilon, only inside
/// the brain, and labelVoxels counts the label.
void verifyExactLabel(const Image& input, const Image& mask, const LesionCase& lesion) {
  QCOMPARE(lesion.image.geometry(), input.geometry());
  QCOMPARE(lesion.label.geometry(), input.geometry());
  std::size_t labelled = 0;
  for (std::size_t i = 0; i < input.voxelCount(); ++i) {
    const float in = input.voxels()[i], out = lesion.image.voxels()[i];
    const float label = lesion.label.voxels()[i];
    const bool changed = out != in;
    const bool beyondEpsilon = std::abs(double(out) - double(in)) > lesion.epsilon;
    if (label != 0.0f && label != 1.0f) QFAIL("label is not 0/1");
    if (changed != (label == 1.0f) || beyondEpsilon != changed) {
      QFAIL(qPrintable(QString("voxel %1: in %2 out %3 label %4 epsilon %5")
                           .arg(i)
                           .arg(in)
                           .arg(out)
                           .arg(label)
                           .arg(lesion.epsilon)));
    }
    if (label == 1.0f && mask.voxels()[i] == 0.0f) QFAIL("lesion outside the brain mask");
    labelled += label == 1.0f;
  }
  QCOMPARE(lesion.labelVoxels, labelled);
}

double labelFraction(const LesionCase& lesion) {
  return double(lesion.labelVoxels) / double(lesion.brainVoxels);
}

}  // namespace

class LesionGeneratorTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void labelMatchesChangedVoxels_data() {
    QTest::addColumn<QString>("family");
    QTest::addColumn<bool>("volume");
    for (LesionFamily family : kAllLesionFamilies) {
      const QString name = QString::fromUtf8(lesionFamilyName(family).data());
      QTest::newRow(qPrintable(name + " slice")) << name << false;
      QTest::newRow(qPrintable(name + " volume")) << name << true;
    }
  }

  void labelMatchesChangedVoxels() {
    QFETCH(QString, family);
    QFETCH(bool, volume);
    const Subject& s = volume ? colinVolume() : colinSlice();
    LesionSampler sampler(s.image, s.mask, 17);
    const LesionGenerator generator;
    bool sawBoth[2] = {false, false};
    for (int i = 0; i < (volume ? 4 : 12); ++i) {
      const LesionCase lesion =
          generator.generate(s.image, s.mask, sampler, parseLesionFamily(family.toStdString()));
      verifyExactLabel(s.image, s.mask, lesion);
      QVERIFY(lesion.labelVoxels >= 4);
      sawBoth[lesion.spec.polarity() == "bright" || lesion.spec.polarity() == "push"] = true;
    }
    // Bright and dark offsets, push and pull, hyper- and hypointense irregular lesions occur.
    if (family == "ellipsoid" || family == "deformation" || family == "irregular") {
      QVERIFY(sawBoth[0] && sawBoth[1]);
    }
  }

  void knownSpecsDoWhatTheySay() {
    const Subject& s = colinSlice();
    LesionSpec spec;
    spec.center = {90, 110, 0};
    spec.radii = {12, 8, 1};
    spec.softness = 0.3;
    spec.amplitude = 30.0;
    const LesionGenerator generator;
    const LesionCase bright = generator.apply(s.image, s.mask, spec);
    QVERIFY(bright.image.at(90, 110) > s.image.at(90, 110) + 29.0f);
    spec.amplitude = -30.0;
    const LesionCase dark = generator.apply(s.image, s.mask, spec);
    QVERIFY(dark.image.at(90, 110) < s.image.at(90, 110) - 29.0f);
    // Nothing beyond the ellipse changes (the rotated box test: radius 12 along x only).
    QCOMPARE(dark.image.at(90 + 13, 110), s.image.at(90 + 13, 110));
    QCOMPARE(dark.image.at(90, 110 + 9), s.image.at(90, 110 + 9));
    // A foreign patch with alpha 1 copies the source's voxels in the core.
    spec.family = LesionFamily::Patch;
    spec.amplitude = 1.0;
    spec.sourceOffset = {0, 0, 0};
    Image foreign = s.image;
    for (float& v : foreign.voxels()) v = 77.0f;
    const LesionCase patch = generator.apply(s.image, s.mask, spec, foreign);
    verifyExactLabel(s.image, s.mask, patch);
    QCOMPARE(patch.image.at(90, 110), 77.0f);
  }

  void irregularLesionsAreLobulatedAndReplaceTissue() {
    const Subject& s = colinSlice();
    LesionSpec spec;
    spec.family = LesionFamily::Irregular;
    spec.center = {90, 110, 0};
    spec.radii = {14, 10, 1};
    spec.softness = 0.1;
    spec.amplitude = 0.0;  // the brain's 1st percentile: CSF-dark
    spec.seed = 42;
    const LesionGenerator generator;
    const LesionCase dark = generator.apply(s.image, s.mask, spec);
    verifyExactLabel(s.image, s.mask, dark);
    QCOMPARE(dark.spec.polarity(), std::string_view("dark"));
    // The core holds one intensity whatever tissue lay beneath: the 1st percentile.
    const std::array<double, 2> wanted{1.0, 99.0};
    const auto range = maskedPercentiles(s.image, &s.mask, wanted);
    QVERIFY(std::abs(dark.image.at(90, 110) - range[0]) < 1e-3 * (range[1] - range[0]));
    // Not an ellipse: the same spec as an ellipsoid offset labels a clearly different region.
    LesionSpec ellipse = spec;
    ellipse.family = LesionFamily::Ellipsoid;
    ellipse.amplitude = -(range[1] - range[0]);
    const LesionCase smooth = generator.apply(s.image, s.mask, ellipse);
    std::size_t both = 0, either = 0;
    for (std::size_t i = 0; i < s.image.voxelCount(); ++i) {
      const bool a = dark.label.voxels()[i] > 0.0f, b = smooth.label.voxels()[i] > 0.0f;
      both += a && b;
      either += a || b;
    }
    const double iou = double(both) / double(either);
    qInfo("irregular vs ellipse of the same spec: IoU %.3f", iou);
    QVERIFY(iou < 0.85);
    QVERIFY(iou > 0.3);  // still the same lesion, lobulated
    // Bright: above the 99th percentile.
    spec.amplitude = 1.2;
    const LesionCase bright = generator.apply(s.image, s.mask, spec);
    QCOMPARE(bright.spec.polarity(), std::string_view("bright"));
    QVERIFY(bright.image.at(90, 110) > range[1]);
    // Another seed, another outline.
    spec.seed = 43;
    const LesionCase other = generator.apply(s.image, s.mask, spec);
    QVERIFY(!std::equal(other.label.voxels().begin(), other.label.voxels().end(),
                        bright.label.voxels().begin()));
  }

  void sameSeedSameCasesOtherSeedOtherCases() {
    const Subject& s = colinSlice();
    const LesionGenerator generator;
    auto run = [&](std::uint64_t seed) {
      LesionSampler sampler(s.image, s.mask, seed);
      std::vector<LesionCase> cases;
      for (LesionFamily family : kAllLesionFamilies)
        cases.push_back(generator.generate(s.image, s.mask, sampler, family));
      return cases;
    };
    const auto a = run(5), b = run(5), c = run(6);
    for (std::size_t i = 0; i < a.size(); ++i) {
      QCOMPARE(a[i].spec.toJson(), b[i].spec.toJson());
      QVERIFY(std::equal(a[i].image.voxels().begin(), a[i].image.voxels().end(),
                         b[i].image.voxels().begin()));
      QVERIFY(std::equal(a[i].label.voxels().begin(), a[i].label.voxels().end(),
                         b[i].label.voxels().begin()));
      QVERIFY(a[i].spec.toJson() != c[i].spec.toJson());
      QVERIFY(!std::equal(a[i].image.voxels().begin(), a[i].image.voxels().end(),
                          c[i].image.voxels().begin()));
    }
  }

  void sizesRangeFromTinyToLarge() {
    const Subject& s = colinSlice();
    LesionSampler sampler(s.image, s.mask, 99);
    const LesionGenerator generator;
    double smallest = 1.0, largest = 0.0;
    for (int i = 0; i < 60; ++i) {
      const LesionCase lesion =
          generator.generate(s.image, s.mask, sampler, LesionFamily::Ellipsoid);
      smallest = std::min(smallest, labelFraction(lesion));
      largest = std::max(largest, labelFraction(lesion));
    }
    qInfo("ellipsoid label sizes on Colin27 z=90: %.4f .. %.4f of the brain area", smallest,
          largest);
    QVERIFY(smallest < 0.005);
    QVERIFY(largest > 0.08);
  }

  void specsRoundTripThroughJson() {
    const Subject& s = colinSlice();
    LesionSampler sampler(s.image, s.mask, 3);
    for (LesionFamily family : kAllLesionFamilies) {
      const LesionSpec spec = sampler.sample(family);
      QCOMPARE(LesionSpec::fromJson(spec.toJson()), spec);
    }
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, LesionSpec::fromJson("{\"family\": \"tumour\"}"));
  }

  void badInputsAreRefused() {
    const Subject& s = colinSlice();
    const LesionGenerator generator;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, parseLesionFamily("tumour"));
    try {
      parseLesionFamilies("ellipsoid,blob");
      QFAIL("bad family accepted");
    } catch (const InvalidArgument& error) {
      QVERIFY2(QString(error.what()).contains("'blob'"), error.what());
    }
    QCOMPARE(parseLesionFamilies("noise,patch").size(), std::size_t{2});
    LesionSpec spec;
    spec.center = {90, 110, 0};
    spec.amplitude = 10;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                             generator.apply(s.image, Image::filled(s.image.geometry(), 0), spec));
    spec.radii = {0, 3, 3};
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, generator.apply(s.image, s.mask, spec));
    spec.radii = {3, 3, 3};
    spec.family = LesionFamily::Deformation;
    spec.amplitude = 1.5;  // would fold the tissue over itself
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, generator.apply(s.image, s.mask, spec));
    spec.family = LesionFamily::Irregular;
    spec.amplitude = 3.0;  // far beyond the brain's intensity range
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, generator.apply(s.image, s.mask, spec));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                             LesionSampler(s.image, Image::filled(s.image.geometry(), 0), 1));
  }
};

QTEST_APPLESS_MAIN(LesionGeneratorTest)
#include "LesionGeneratorTest.moc"
