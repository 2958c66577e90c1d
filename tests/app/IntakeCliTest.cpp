// `localize` on volumes as scanners store them: a copy of a Colin27 slab stored coronally gives
// the original's maps and boxes (in its own axes and at the same physical place), and the second
// subject's raw scan (skull, coronal, 2 x 2 x 3 mm) is registered to the bundle's template and
// gets a top-3 box on its generated lesion, with every map back on its own grid.
#include "CliRunner.h"
#include "RealData.h"
#include "TestFolder.h"
#include "image/ImageReader.h"
#include "image/ImageWriter.h"
#include "preprocess/AffineResampler.h"
#include "preprocess/AnatomicalOrientation.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <cmath>

using namespace anomadiff;
using namespace anomadiff::preprocess;
using test::kColinBrain;
using test::kKmeansLabels;
using test::kKmeansT1;

namespace {

/// Few, cheap steps: these tests check where things land, not the model's quality.
const QStringList kFast = {"-L",     "150", "-K",        "4", "-N", "2",
                           "--seed", "1",   "--threads", "2", "-q"};

QJsonObject readJson(const std::filesystem::path& path) {
  QFile file(test::pathArgument(path));
  if (!file.open(QIODevice::ReadOnly)) return {};
  return QJsonDocument::fromJson(file.readAll()).object();
}

Image storedAs(const Image& image, const char* code) {
  return AffineResampler::resample(image, AnatomicalOrientation::reoriented(image.geometry(), code),
                                   {}, Interpolation::Nearest);
}

/// Four axial slices of Colin27 with a dark blob in the left hemisphere.
Image slabWithLesion() {
  const Image colin = ImageReader().read(kColinBrain);
  ImageGeometry slab = colin.geometry();
  slab.size[2] = 4;
  slab.origin[2] += 86.0;
  Image image = AffineResampler::resample(colin, slab, {}, Interpolation::Nearest);
  for (std::size_t z = 0; z < 4; ++z)
    for (std::size_t y = 95; y < 125; ++y)
      for (std::size_t x = 110; x < 135; ++x)
        if (image.at(x, y, z) > 0) image.at(x, y, z) *= 0.3f;
  return image;
}

double largestDifference(const Image& a, const Image& b) {
  double worst = 0.0;
  for (std::size_t i = 0; i < a.voxelCount(); ++i)
    worst = std::max(worst, double(std::abs(a.voxels()[i] - b.voxels()[i])));
  return worst;
}

QJsonArray extent(const QJsonObject& box, const char* corner) {
  return box["lps_mm"].toObject()[corner].toArray();
}

}  // namespace

class IntakeCliTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    if (!std::filesystem::exists(kColinBrain)) QSKIP("mricron-data is not installed");
  }

  void aCoronallyStoredCopyGetsTheOriginalsFindings() {
    const Image slab = slabWithLesion();
    ImageWriter().write(slab, m_folder / "slab.nii.gz");
    ImageWriter().write(storedAs(slab, "LSA"), m_folder / "slab_lsa.nii.gz");
    for (const char* name : {"slab", "slab_lsa"}) {
      const auto run = test::runCli(
          QStringList{"localize", test::pathArgument(m_folder / (std::string(name) + ".nii.gz")),
                      "-o", test::pathArgument(m_folder / name)} +
          kFast);
      QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    }
    const Image original = ImageReader().read(m_folder / "slab" / "anomaly_map.nii.gz");
    const Image coronal = ImageReader().read(m_folder / "slab_lsa" / "anomaly_map.nii.gz");
    QCOMPARE(AnatomicalOrientation::codeOf(coronal.geometry()), std::string("LSA"));
    const Image back =
        AffineResampler::resample(coronal, original.geometry(), {}, Interpolation::Nearest);
    const double difference = largestDifference(back, original);
    qInfo("slab stored RAS vs LSA: largest anomaly-map difference %.2e", difference);
    QVERIFY(difference < 1e-4);

    const auto boxes = readJson(m_folder / "slab" / "boxes.json");
    const auto coronalBoxes = readJson(m_folder / "slab_lsa" / "boxes.json");
    QCOMPARE(coronalBoxes["intake"].toObject()["native_orientation"].toString(), QString("LSA"));
    QCOMPARE(coronalBoxes["intake"].toObject()["model_orientation"].toString(), QString("RAS"));
    QVERIFY(!coronalBoxes["intake"].toObject()["registered"].toBool());
    const auto a = boxes["boxes"].toArray(), b = coronalBoxes["boxes"].toArray();
    QVERIFY(!a.isEmpty());
    QCOMPARE(a.size(), b.size());
    for (qsizetype i = 0; i < a.size(); ++i) {
      for (const char* corner : {"min", "max"}) {
        for (qsizetype axis = 0; axis < 3; ++axis) {
          QVERIFY(std::abs(extent(a[i].toObject(), corner)[axis].toDouble() -
                           extent(b[i].toObject(), corner)[axis].toDouble()) < 1e-3);
        }
      }
      // The coronal file's box is in its own voxel axes: its depth runs along anterior.
      QCOMPARE(b[i].toObject()["depth"].toInt(), a[i].toObject()["height"].toInt());
    }
  }

  void theSecondSubjectsRawScanIsRegisteredAndAnsweredOnItsOwnGrid() {
    if (!std::filesystem::exists(kKmeansT1)) QSKIP("insighttoolkit5-examples is not installed");
    const auto cases = m_folder / "kmeans";
    const auto made = test::runCli({"make-lesions", kKmeansT1, "--mask", kKmeansLabels, "-n", "1",
                                    "--families", "ellipsoid", "--min-size", "0.02", "--max-size",
                                    "0.04", "--seed", "5", "-o", test::pathArgument(cases)});
    QVERIFY2(made.exitCode == 0, qPrintable(made.err));
    const auto out = m_folder / "kmeans-localized";
    const auto run =
        test::runCli(QStringList{"localize", test::pathArgument(cases / "case_0000_image.nii.gz"),
                                 "-o", test::pathArgument(out)} +
                     kFast);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const auto intake = readJson(out / "boxes.json")["intake"].toObject();
    QCOMPARE(intake["native_orientation"].toString(), QString("LSA"));
    QCOMPARE(intake["scan_kind"].toString(), QString("raw"));
    QVERIFY(intake["registered"].toBool());
    QVERIFY(intake["warnings"].toArray().isEmpty());
    QVERIFY(intake["registration"].toObject()["correlation"].toDouble() > 0.3);
    // Every map is on the scan's own grid; the anomaly map is zero outside the carried brain,
    // so the skull never lights up.
    const Image scan = ImageReader().read(cases / "case_0000_image.nii.gz");
    const Image anomaly = ImageReader().read(out / "anomaly_map.nii.gz");
    const Image pseudo = ImageReader().read(out / "pseudo_healthy.nii.gz");
    QCOMPARE(anomaly.geometry(), scan.geometry());
    QCOMPARE(pseudo.geometry(), scan.geometry());
    const Image brain = ImageReader().read(kKmeansLabels);
    double inside = 0, outside = 0;
    for (std::size_t i = 0; i < anomaly.voxelCount(); ++i) {
      (brain.voxels()[i] > 0 ? inside : outside) += anomaly.voxels()[i];
    }
    qInfo("KmeansTest: anomaly mass inside the brain labels %.0f, outside %.0f", inside, outside);
    QVERIFY(outside < 0.1 * inside);
  }

 private:
  test::TestFolder m_folder;
};

QTEST_APPLESS_MAIN(IntakeCliTest)
#include "IntakeCliTest.moc"
