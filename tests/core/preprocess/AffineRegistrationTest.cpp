// Affine registration: a known transform is recovered, maps go back onto the moving grid, and
// the second real subject (KmeansTest) lands on the Colin27 template.
#include "RealData.h"
#include "common/Error.h"
#include "image/ImageReader.h"
#include "preprocess/AffineRegistration.h"
#include "preprocess/AffineResampler.h"
#include "preprocess/BrainMask.h"

#include <QtTest>

#include <cmath>

using namespace anomadiff;
using namespace anomadiff::preprocess;
using test::kColinBrain;
using test::kKmeansLabels;
using test::kKmeansT1;

namespace {

/// Colin27 on a coarser grid (same origin and direction), to keep the test fast.
Image colinAt(double spacing) {
  const Image colin = ImageReader().read(kColinBrain);
  ImageGeometry coarse = colin.geometry();
  for (int axis = 0; axis < 3; ++axis) {
    coarse.size[axis] = static_cast<std::size_t>(
        std::floor(double(colin.geometry().size[axis]) * colin.geometry().spacing[axis] / spacing));
    coarse.spacing[axis] = spacing;
  }
  return AffineResampler::resample(colin, coarse, AffineTransform());
}

std::array<double, 3> physicalPoint(const ImageGeometry& g, double x, double y, double z) {
  std::array<double, 3> p{};
  const double index[3] = {x, y, z};
  for (int row = 0; row < 3; ++row) {
    p[row] = g.origin[row];
    for (int c = 0; c < 3; ++c) p[row] += g.direction[row * 3 + c] * g.spacing[c] * index[c];
  }
  return p;
}

/// Physical centre of mass of a mask.
std::array<double, 3> centroid(const Image& mask) {
  std::array<double, 3> sum{0, 0, 0};
  double count = 0;
  const auto& g = mask.geometry();
  for (std::size_t z = 0; z < g.size[2]; ++z)
    for (std::size_t y = 0; y < g.size[1]; ++y)
      for (std::size_t x = 0; x < g.size[0]; ++x) {
        if (mask.at(x, y, z) == 0.0f) continue;
        const auto p = physicalPoint(g, x, y, z);
        for (int i = 0; i < 3; ++i) sum[i] += p[i];
        ++count;
      }
  return {sum[0] / count, sum[1] / count, sum[2] / count};
}

double dice(const Image& a, const Image& b) {
  double both = 0, sum = 0;
  for (std::size_t i = 0; i < a.voxelCount(); ++i) {
    const bool inA = a.voxels()[i] > 0.5f, inB = b.voxels()[i] > 0.5f;
    both += inA && inB;
    sum += inA + inB;
  }
  return sum > 0 ? 2.0 * both / sum : 1.0;
}

/// The second real subject and the Colin27 template it is registered to, with brain masks.
struct KmeansAndColin {
  Image colin = ImageReader().read(kColinBrain);
  Image colinMask = BrainMask::fromSkullStripped(colin);
  Image subject = ImageReader().read(kKmeansT1);
  Image subjectMask = BrainMask::fromLabels(ImageReader().read(kKmeansLabels));

  AffineRegistrationResult registered(const AffineRegistration& registration) const {
    NullProgressSink sink;
    return registration.run(colin, colinMask, subject, subjectMask, sink);
  }
};

class CountingSink final : public ProgressSink {
 public:
  void progress(int done, int total, std::string_view) override {
    ++calls;
    last = done;
    lastTotal = total;
  }
  int calls = 0, last = 0, lastTotal = 0;
};

}  // namespace

class AffineRegistrationTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void transformInverseAndComposition() {
    const AffineTransform t = AffineTransform::rigid({0.1, -0.2, 0.3}, {4, -3, 2}, {10, 20, 30});
    const AffineTransform::Point p{5, -7, 11};
    const auto back = t.inverse().apply(t.apply(p));
    for (int i = 0; i < 3; ++i) QVERIFY(std::abs(back[i] - p[i]) < 1e-9);
    // The rotation centre is a fixed point up to the translation.
    const auto centre = t.apply({10, 20, 30});
    QVERIFY(std::abs(centre[0] - 14) < 1e-9 && std::abs(centre[1] - 17) < 1e-9 &&
            std::abs(centre[2] - 32) < 1e-9);
    QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                             AffineTransform({1, 0, 0, 0, 1, 0, 0, 0, 0}, {0, 0, 0}).inverse());
  }

  void recoversAKnownRigidTransform() {
    const Image fixed = colinAt(3.0);
    const Image fixedMask = BrainMask::fromSkullStripped(fixed);
    // Centre of the rotation: roughly the brain's centre.
    const auto& g = fixed.geometry();
    const auto centre = physicalPoint(g, g.size[0] / 2.0, g.size[1] / 2.0, g.size[2] / 2.0);
    const AffineTransform truth =
        AffineTransform::rigid({0.05, -0.04, 0.09}, {6.0, -4.0, 3.0}, centre);
    // A moving grid of its own (shifted origin, other spacing): the subject as a scanner saw it.
    ImageGeometry movingGeometry = g;
    movingGeometry.spacing = {2.5, 2.5, 3.5};
    movingGeometry.size = {72, 88, 52};
    movingGeometry.origin = {g.origin[0] + 3.0, g.origin[1] - 5.0, g.origin[2] - 4.0};
    const Image moving = AffineResampler::resample(fixed, movingGeometry, truth.inverse());

    AffineRegistrationOptions options;
    options.shrinkFactors = {2, 1};
    options.smoothingSigmasMm = {3.0, 1.5};
    CountingSink sink;
    const auto result = AffineRegistration(options).run(fixed, moving, sink);
    qInfo("synthetic: %.2f s, %u iterations, metric %.4f", result.seconds, result.iterations,
          result.finalMetric);
    QVERIFY(sink.calls > 1);
    QCOMPARE(sink.last, sink.lastTotal);

    // The recovered map agrees with the truth on every brain voxel of the template.
    double worst = 0.0;
    for (std::size_t z = 0; z < g.size[2]; ++z)
      for (std::size_t y = 0; y < g.size[1]; ++y)
        for (std::size_t x = 0; x < g.size[0]; ++x) {
          if (fixedMask.at(x, y, z) == 0.0f) continue;
          const auto p = physicalPoint(g, x, y, z);
          const auto expected = truth.apply(p);
          const auto actual = result.fixedToMoving.apply(p);
          worst = std::max(worst, std::hypot(expected[0] - actual[0], expected[1] - actual[1],
                                             expected[2] - actual[2]));
        }
    qInfo("synthetic: worst brain-voxel error %.3f mm", worst);
    QVERIFY2(worst < 1.5, qPrintable(QString("worst error %1 mm").arg(worst)));

    // A map on the template grid goes back exactly onto the moving grid, where it overlaps
    // the moving brain.
    const Image back = result.toMoving(fixedMask, Interpolation::Nearest);
    QCOMPARE(back.geometry(), moving.geometry());
    const Image movingMask = BrainMask::fromSkullStripped(moving);
    const double overlap = dice(back, movingMask);
    qInfo("synthetic: Dice of the mapped-back template mask and the moving mask %.3f", overlap);
    QVERIFY(overlap > 0.9);
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, result.toMoving(moving));
  }

  void kmeansSubjectLandsOnColin() {
    const KmeansAndColin data;
    const auto& [colin, colinMask, subject, subjectMask] = data;
    const auto result = data.registered(AffineRegistration());
    // Baseline: the brains' centres of mass aligned by a translation alone.
    const auto a = centroid(colinMask), b = centroid(subjectMask);
    const AffineTransform shift({1, 0, 0, 0, 1, 0, 0, 0, 1},
                                {b[0] - a[0], b[1] - a[1], b[2] - a[2]});
    const double before = dice(colinMask, AffineResampler::resample(subjectMask, colin.geometry(),
                                                                    shift, Interpolation::Nearest));
    const double after = dice(colinMask, result.toFixed(subjectMask, Interpolation::Nearest));
    const Image back = result.toMoving(colinMask, Interpolation::Nearest);
    const double afterOnSubject = dice(subjectMask, back);
    qInfo(
        "KmeansTest -> Colin27: %.2f s, %u iterations, Dice centroids aligned %.3f, registered "
        "%.3f "
        "(template grid), %.3f (subject grid)",
        result.seconds, result.iterations, before, after, afterOnSubject);
    QCOMPARE(back.geometry(), subject.geometry());
    QVERIFY(after > 0.85 && after > before + 0.05);
    QVERIFY(afterOnSubject > 0.85);
  }

  void sameInputTwiceGivesTheSameTransform() {
    // With ITK's default of one thread per core (two here and on CI), the Mattes metric's
    // partial sums were added in the order the threads finished: KmeansTest registered twice
    // with one seed gave two transforms.
    const KmeansAndColin data;
    const AffineRegistration registration;
    const auto first = data.registered(registration);
    const auto second = data.registered(registration);
    qInfo("KmeansTest twice: metric %.6f / %.6f", first.finalMetric, second.finalMetric);
    QCOMPARE(first.finalMetric, second.finalMetric);
    QCOMPARE(first.fixedToMoving.matrix(), second.fixedToMoving.matrix());
    QCOMPARE(first.fixedToMoving.translation(), second.fixedToMoving.translation());
  }

  void cancelStopsTheRegistration() {
    const Image fixed = colinAt(4.0);
    CancelToken cancel;
    cancel.cancel();
    NullProgressSink sink;
    QVERIFY_THROWS_EXCEPTION(Cancelled, AffineRegistration().run(fixed, fixed, sink, cancel));
  }

  void badOptionsAreRefused() {
    AffineRegistrationOptions options;
    options.smoothingSigmasMm = {1.0};
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, AffineRegistration{options});
    options = {};
    options.metricSamples = 0;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, AffineRegistration{options});
  }
};

QTEST_APPLESS_MAIN(AffineRegistrationTest)
#include "AffineRegistrationTest.moc"
