// `register` puts the second subject (KmeansTest) into Colin27's anatomy: the registered brain
// mask lies on the template grid and overlaps the template's brain with Dice > 0.88 (aligning
// the brain centroids alone gives 0.86, full affine registration measured 0.93).
#include "CliRunner.h"
#include "RealData.h"
#include "TestFolder.h"
#include "image/ImageReader.h"
#include "preprocess/BrainMask.h"

#include <QtTest>

using namespace anomadiff;

namespace {

const char* kColin = test::kColinBrain;
const char* kSubject = test::kKmeansT1;
const char* kSubjectBrain = test::kKmeansLabels;

double dice(const Image& a, const Image& b) {
  double both = 0, sum = 0;
  for (std::size_t i = 0; i < a.voxelCount(); ++i) {
    const bool x = a.voxels()[i] > 0, y = b.voxels()[i] > 0;
    both += x && y;
    sum += x + y;
  }
  return 2.0 * both / sum;
}

}  // namespace

class RegisterCliTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void secondSubjectLandsInTheTemplate() {
    if (!std::filesystem::exists(kColin) || !std::filesystem::exists(kSubject)) {
      QSKIP("mricron-data or insighttoolkit5-examples is not installed");
    }
    test::TestFolder folder;
    const auto run =
        test::runCli({"register", kSubject, "--moving-mask", kSubjectBrain, "--template", kColin,
                      "-o", test::pathArgument(folder / "out"), "-q"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const Image colin = ImageReader().read(kColin);
    const Image mask = ImageReader().read(folder / "out" / "registered_mask.nii.gz");
    const Image registered = ImageReader().read(folder / "out" / "registered.nii.gz");
    QVERIFY(mask.geometry() == colin.geometry());
    QVERIFY(registered.geometry() == colin.geometry());
    const Image colinBrain = preprocess::BrainMask::forImage(colin, nullptr);
    const double overlap = dice(mask, colinBrain);
    QVERIFY2(overlap > 0.88, qPrintable(QString::number(overlap)));
    QVERIFY(std::filesystem::exists(folder / "out" / "registration.json"));
  }

  void refusesToOverwriteAnInput() {
    test::TestFolder folder;
    std::filesystem::copy(kColin, folder / "registered.nii.gz");
    const auto run = test::runCli({"register", kSubject, "--template",
                                   test::pathArgument(folder / "registered.nii.gz"), "-o",
                                   test::pathArgument(folder.path()), "-q"});
    QVERIFY(run.exitCode != 0);
    QVERIFY2(run.err.contains("overwrite"), qPrintable(run.err));
  }
};

QTEST_GUILESS_MAIN(RegisterCliTest)
#include "RegisterCliTest.moc"
