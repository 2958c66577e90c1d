// The scan intake: a permuted copy of a volume reaches the model exactly as the original, a raw
// head rotated and stored in another axis order registers back within 1 mm and 1 degree, the
// second real subject (raw, coronal) gets the template's brain, and small or 2D inputs pass.
#include "RealData.h"
#include "common/Error.h"
#include "image/ImageReader.h"
#include "preprocess/AffineResampler.h"
#include "preprocess/AnatomicalOrientation.h"
#include "preprocess/BrainMask.h"
#include "preprocess/ScanIntake.h"
#include "preprocess/SliceExtractor.h"

#include <QtTest>

#include <algorithm>
#include <cmath>

using namespace anomadiff;
using namespace anomadiff::preprocess;
using test::kColinBrain;
using test::kColinHead;
using test::kKmeansLabels;
using test::kKmeansT1;

namespace {

/// A Colin27 file on a coarser grid (same origin and direction), to keep registrations short.
Image coarse(const char* file, double spacing) {
  const Image image = ImageReader().read(file);
  ImageGeometry grid = image.geometry();
  for (std::size_t axis = 0; axis < 3; ++axis) {
    grid.size[axis] = std::size_t(double(grid.size[axis]) * grid.spacing[axis] / spacing);
    grid.spacing[axis] = spacing;
  }
  return AffineResampler::resample(image, grid, {});
}

Image stored(const Image& image, const char* code) {
  return AffineResampler::resample(image, AnatomicalOrientation::reoriented(image.geometry(), code),
                                   {}, Interpolation::Nearest);
}

bool sameVoxels(const Image& a, const Image& b) {
  return a.geometry().size == b.geometry().size &&
         std::equal(a.voxels().begin(), a.voxels().end(), b.voxels().begin());
}

double dice(const Image& a, const Image& b) {
  double both = 0, sum = 0;
  for (std::size_t i = 0; i < a.voxelCount(); ++i) {
    const bool inA = a.voxels()[i] > 0.5f, inB = b.voxels()[i] > 0.5f;
    both += inA && inB;
    sum += double(inA) + double(inB);
  }
  return sum > 0 ? 2.0 * both / sum : 1.0;
}

/// The stages a sink saw, each once in the order they began, and the last report's numbers.
struct StageRecorder : ProgressSink {
  std::vector<std::string> stages;
  int lastDone = -1, lastTotal = -1;
  void progress(int done, int total, std::string_view stage) override {
    if (stages.empty() || stages.back() != stage) stages.emplace_back(stage);
    lastDone = done;
    lastTotal = total;
  }
};

ScanIntakeOptions towardsRas() {
  ScanIntakeOptions options;
  options.modelOrientation = "RAS";
  return options;
}

}  // namespace

class ScanIntakeTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void aPermutedCopyReachesTheModelAsTheOriginal() {
    const Image colin = coarse(kColinBrain, 2.0);
    const Image coronal = stored(colin, "LSA");
    NullProgressSink sink;
    const auto original = ScanIntake(towardsRas(), nullptr).prepare(colin, nullptr, sink, {});
    const auto permuted = ScanIntake(towardsRas(), nullptr).prepare(coronal, nullptr, sink, {});
    QVERIFY(original.isNative());
    QVERIFY(!permuted.isNative());
    QCOMPARE(permuted.report.nativeOrientation, std::string("LSA"));
    QCOMPARE(permuted.report.scanKind, std::string("skull-stripped"));
    QVERIFY(sameVoxels(permuted.image, colin));
    QVERIFY(sameVoxels(permuted.brain, original.brain));
    // The way back restores the stored file voxel for voxel.
    QVERIFY(sameVoxels(permuted.toNative(permuted.image, Interpolation::Linear), coronal));
    // A model-space voxel index lands on its permuted twin.
    const auto index = permuted.nativeIndexOf({10.0, 20.0, 30.0});
    const auto& size = colin.geometry().size;
    QVERIFY(std::abs(index[0] - double(size[0] - 1 - 10)) < 1e-6);  // R -> L flips axis 0
    QVERIFY(std::abs(index[1] - 30.0) < 1e-6);                      // S is the new axis 1
    QVERIFY(std::abs(index[2] - 20.0) < 1e-6);                      // A is the new axis 2
  }

  void aRotatedHeadStoredCoronallyRegistersBackWithinAMillimetreAndADegree() {
    ScanTemplate head{"colin27 at 2 mm", coarse(kColinHead, 2.0), coarse(kColinBrain, 2.0)};
    const auto& g = head.head.geometry();
    const auto centre = AffineTransform::indexToPhysical(g).apply(
        {g.size[0] / 2.0, g.size[1] / 2.0, g.size[2] / 2.0});
    const AffineTransform truth =
        AffineTransform::rigid({0.06, -0.05, 0.10}, {5.0, -4.0, 3.0}, centre);
    ImageGeometry scanner = g;  // the subject as a scanner stored it: own grid, coronal order
    scanner.spacing = {1.8, 2.2, 2.6};
    scanner.size = {104, 100, 72};
    scanner.origin = {g.origin[0] + 6.0, g.origin[1] - 8.0, g.origin[2] - 5.0};
    const Image scan = AffineResampler::resample(
        head.head, AnatomicalOrientation::reoriented(scanner, "LSA"), truth.inverse());

    NullProgressSink sink;
    const auto prepared = ScanIntake(towardsRas(), &head).prepare(scan, nullptr, sink, {});
    const auto& report = prepared.report;
    qInfo("synthetic head: kind %s (%.0f mL), %s, correlation %.3f, %.1f s",
          report.scanKind.c_str(), report.foregroundMl, report.registrationTarget.c_str(),
          report.registrationCorrelation, report.seconds);
    QCOMPARE(report.scanKind, std::string("raw"));
    QVERIFY(report.registered);
    QCOMPARE(report.registrationTarget, std::string("template head"));
    QVERIFY(report.warnings.empty());
    QCOMPARE(prepared.image.geometry(), g);

    const AffineTransform found = prepared.nativeToModel.inverse();  // template -> scan
    double worst = 0.0;
    const Image brain = BrainMask::fromSkullStripped(head.brain);
    for (std::size_t z = 0; z < g.size[2]; ++z)
      for (std::size_t y = 0; y < g.size[1]; ++y)
        for (std::size_t x = 0; x < g.size[0]; ++x) {
          if (brain.at(x, y, z) == 0.0f) continue;
          const auto p =
              AffineTransform::indexToPhysical(g).apply({double(x), double(y), double(z)});
          const auto expected = truth.apply(p), actual = found.apply(p);
          worst = std::max(worst, std::hypot(expected[0] - actual[0], expected[1] - actual[1],
                                             expected[2] - actual[2]));
        }
    // The residual rotation (found after the inverse truth, I + E): the angle of E's
    // antisymmetric part; its symmetric part is scale and shear, not rotation.
    const auto e = found.after(truth.inverse()).matrix();
    const double radians =
        std::sqrt(std::pow((e[1] - e[3]) / 2, 2) + std::pow((e[2] - e[6]) / 2, 2) +
                  std::pow((e[5] - e[7]) / 2, 2));
    const double degrees = radians * 180.0 / M_PI;
    qInfo("synthetic head: worst brain error %.3f mm, residual rotation %.3f degrees", worst,
          degrees);
    QVERIFY2(worst < 1.0, qPrintable(QString("worst error %1 mm").arg(worst)));
    QVERIFY2(degrees < 1.0, qPrintable(QString("residual rotation %1 degrees").arg(degrees)));
  }

  void theSecondSubjectRawAndCoronalGetsTheTemplateBrain() {
    const ScanTemplate colin{"colin27", ImageReader().read(kColinHead),
                             ImageReader().read(kColinBrain)};
    const Image scan = ImageReader().read(kKmeansT1);
    const Image truth = BrainMask::fromLabels(ImageReader().read(kKmeansLabels));
    NullProgressSink sink;
    const auto prepared = ScanIntake(towardsRas(), &colin).prepare(scan, nullptr, sink, {});
    const auto& report = prepared.report;
    const Image brain = prepared.toNative(prepared.brain, Interpolation::Nearest);
    const double overlap = dice(brain, truth);
    qInfo(
        "KmeansTest raw: %s -> %s, kind %s (%.0f mL), correlation %.3f, MI %.4f, %.1f s, "
        "brain Dice %.3f",
        report.nativeOrientation.c_str(), report.modelOrientation.c_str(), report.scanKind.c_str(),
        report.foregroundMl, report.registrationCorrelation, report.registrationMetric,
        report.seconds, overlap);
    QCOMPARE(report.nativeOrientation, std::string("LSA"));
    QCOMPARE(report.scanKind, std::string("raw"));
    QVERIFY(report.registered);
    QVERIFY(report.warnings.empty());
    QCOMPARE(brain.geometry(), scan.geometry());
    QVERIFY2(overlap > 0.8, qPrintable(QString("brain Dice %1").arg(overlap)));
    // The skull is gone from what the model sees.
    const Image head = BrainMask::fromSkullStripped(colin.head);
    std::size_t skullVoxelsKept = 0;
    for (std::size_t i = 0; i < head.voxelCount(); ++i) {
      if (head.voxels()[i] > 0 && prepared.brain.voxels()[i] == 0 &&
          prepared.image.voxels()[i] != 0)
        ++skullVoxelsKept;
    }
    QCOMPARE(skullVoxelsKept, std::size_t(0));

    // Stopped after the moments start, the fit is rough: the reader is warned.
    ScanIntakeOptions rough = towardsRas();
    rough.registration.similarityIterations = 1;
    rough.registration.affineIterations = 1;
    const auto quick = ScanIntake(rough, &colin).prepare(scan, nullptr, sink, {});
    qInfo("KmeansTest after one iteration: correlation %.3f", quick.report.registrationCorrelation);
    QCOMPARE(quick.report.warnings.size(), std::size_t(1));
    QVERIFY(quick.report.warnings[0].find("doubtful") != std::string::npos);
  }

  void aThinSlabAndA2DSliceAreNotRegistered() {
    const ScanTemplate colin{"colin27 at 2 mm", coarse(kColinHead, 2.0), coarse(kColinBrain, 2.0)};
    const Image brain = ImageReader().read(kColinBrain);
    ImageGeometry slab = brain.geometry();
    slab.size[2] = 3;
    slab.origin[2] += 85.0;
    const Image thin = AffineResampler::resample(brain, slab, {}, Interpolation::Nearest);
    NullProgressSink sink;
    const auto prepared = ScanIntake(towardsRas(), &colin).prepare(thin, nullptr, sink, {});
    QVERIFY(!prepared.report.registered);
    QVERIFY(prepared.isNative());
    QCOMPARE(prepared.report.warnings.size(), std::size_t(1));
    QVERIFY(prepared.report.warnings[0].find("too little") != std::string::npos);

    const Image slice = SliceExtractor::extract(brain, 2, 90);
    const auto flat = ScanIntake(towardsRas(), &colin).prepare(slice, nullptr, sink, {});
    QVERIFY(flat.isNative());
    QCOMPARE(flat.report.scanKind, std::string("2d"));
    QVERIFY(BrainMask::voxelCount(flat.brain) > 1000);
  }

  void aRawScanOnTheTemplateGridTakesTheTemplateBrain() {
    const ScanTemplate colin{"colin27 at 2 mm", coarse(kColinHead, 2.0), coarse(kColinBrain, 2.0)};
    StageRecorder sink;
    const auto prepared = ScanIntake(towardsRas(), &colin).prepare(colin.head, nullptr, sink, {});
    // Each stage reports, in order, and finishes (N4 runs on a raw head by default).
    QCOMPARE(sink.stages, std::vector<std::string>(
                              {ScanIntake::kOrientStage, "bias field", ScanIntake::kBrainStage}));
    QCOMPARE(sink.lastDone, sink.lastTotal);
    QCOMPARE(prepared.report.scanKind, std::string("raw"));
    QVERIFY(!prepared.report.registered);
    QVERIFY(prepared.report.warnings.empty());
    QVERIFY(sameVoxels(prepared.brain, BrainMask::fromSkullStripped(colin.brain)));
  }

  void aUserMaskWinsAndMustFitTheScan() {
    const Image colin = coarse(kColinBrain, 2.0);
    Image mask = Image::filled(colin.geometry(), 0.0f);
    mask.at(40, 50, 45) = 1.0f;
    NullProgressSink sink;
    const auto prepared = ScanIntake(towardsRas(), nullptr).prepare(colin, &mask, sink, {});
    QCOMPARE(prepared.report.brainMask, std::string("user mask"));
    QCOMPARE(BrainMask::voxelCount(prepared.brain), std::size_t(1));
    const Image wrong = Image::filled(coarse(kColinBrain, 3.0).geometry(), 1.0f);
    QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                             ScanIntake(towardsRas(), nullptr).prepare(colin, &wrong, sink, {}));
    ScanIntakeOptions bad;
    bad.modelOrientation = "RAX";
    QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                             ScanIntake(bad, nullptr).prepare(colin, nullptr, sink, {}));
  }
};

QTEST_APPLESS_MAIN(ScanIntakeTest)
#include "ScanIntakeTest.moc"
