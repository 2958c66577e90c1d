// Issue 15's acceptance, at the default settings of the default bundle, on whole volumes as a
// scanner stores them: Colin27 with skull and a generated 3D lesion, the same volume stored with
// permuted axes (same physical image), and the second subject's raw scan (KmeansTest: skull,
// coronal L-S-A, 2 × 2 × 3 mm) with a generated lesion each get a top-3 box on the lesion,
// named in atlas words; the permuted copy's maps equal the original's; each healthy volume gets
// at most one box. About 2.5 minutes per volume on 2 threads: five volumes.
#include "CliRunner.h"
#include "RealData.h"
#include "TestFolder.h"
#include "image/ImageReader.h"
#include "image/ImageWriter.h"
#include "preprocess/AffineResampler.h"
#include "preprocess/AnatomicalOrientation.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <cmath>

using namespace anomadiff;
using namespace anomadiff::preprocess;

namespace {

/// A whole volume at the defaults takes ~3 minutes on 2 threads; a loaded machine more.
constexpr int kVolumeTimeoutMs = 15 * 60 * 1000;

QJsonObject readJson(const std::filesystem::path& path) {
  QFile file(test::pathArgument(path));
  if (!file.open(QIODevice::ReadOnly)) return {};
  return QJsonDocument::fromJson(file.readAll()).object();
}

/// Defaults of the bundle: only threads and the progress bar are set.
QJsonObject localize(const std::filesystem::path& input, const std::filesystem::path& out) {
  QElapsedTimer clock;
  clock.start();
  const auto run = test::runCli({"localize", test::pathArgument(input), "-o",
                                 test::pathArgument(out), "--threads", "2", "-q"},
                                kVolumeTimeoutMs);
  qInfo("%s: %.0f s, exit %d", input.filename().c_str(), clock.elapsed() / 1000.0, run.exitCode);
  if (run.exitCode != 0) qWarning("%s", qPrintable(run.err));
  return readJson(out / "boxes.json");
}

/// Whether one of the first three boxes is on the lesion: it holds at least half the lesion's
/// voxels, and lesion makes up at least a tenth of it (not a box over the whole head).
bool topThreeOnLesion(const QJsonObject& findings, const Image& lesion) {
  double lesionVoxels = 0;
  for (const float v : lesion.voxels()) lesionVoxels += v > 0 ? 1 : 0;
  const auto boxes = findings["boxes"].toArray();
  for (qsizetype i = 0; i < std::min<qsizetype>(3, boxes.size()); ++i) {
    const auto box = boxes[i].toObject();
    const std::size_t x0 = box["x"].toInt(), y0 = box["y"].toInt(), z0 = box["z"].toInt();
    const std::size_t w = box["width"].toInt(), h = box["height"].toInt(), d = box["depth"].toInt();
    double inside = 0;
    for (std::size_t z = z0; z < z0 + d; ++z)
      for (std::size_t y = y0; y < y0 + h; ++y)
        for (std::size_t x = x0; x < x0 + w; ++x) inside += lesion.at(x, y, z) > 0 ? 1 : 0;
    qInfo("box %lld: %zux%zux%zu holds %.0f%% of the lesion, lesion is %.0f%% of it", i + 1, w, h,
          d, 100 * inside / lesionVoxels, 100 * inside / double(w * h * d));
    if (inside >= 0.5 * lesionVoxels && inside >= 0.1 * double(w * h * d)) return true;
  }
  return false;
}

QString firstRegion(const QJsonObject& findings) {
  const auto regions = findings["boxes"].toArray()[0].toObject()["regions"].toArray();
  return regions.isEmpty() ? QString() : regions[0].toObject()["name"].toString();
}

}  // namespace

class VolumeAcceptanceCliTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    if (!std::filesystem::exists(test::kColinHead) || !std::filesystem::exists(test::kKmeansT1))
      QSKIP("mricron-data or insighttoolkit5-examples is not installed");
    const auto colin =
        test::runCli({"make-lesions", test::kColinHead, "--mask", test::kColinBrain, "-n", "1",
                      "--families", "ellipsoid", "--min-size", "0.02", "--max-size", "0.04",
                      "--seed", "7", "-o", test::pathArgument(m_folder / "colin")});
    QVERIFY2(colin.exitCode == 0, qPrintable(colin.err));
    const auto kmeans =
        test::runCli({"make-lesions", test::kKmeansT1, "--mask", test::kKmeansLabels, "-n", "1",
                      "--families", "ellipsoid", "--min-size", "0.02", "--max-size", "0.04",
                      "--seed", "5", "-o", test::pathArgument(m_folder / "kmeans")});
    QVERIFY2(kmeans.exitCode == 0, qPrintable(kmeans.err));
  }

  void colinWithSkullAndItsPermutedCopyFindTheLesion() {
    const auto image = m_folder / "colin" / "case_0000_image.nii.gz";
    const Image scan = ImageReader().read(image);
    const Image lesion = ImageReader().read(m_folder / "colin" / "case_0000_label.nii.gz");
    // Axes permuted and flipped, the affine with them: the same physical image.
    const auto permutedGeometry = AnatomicalOrientation::reoriented(scan.geometry(), "PIL");
    ImageWriter().write(
        AffineResampler::resample(scan, permutedGeometry, {}, Interpolation::Nearest),
        m_folder / "colin_pil.nii.gz");
    const auto original = localize(image, m_folder / "colin-out");
    QVERIFY(topThreeOnLesion(original, lesion));
    QVERIFY(!firstRegion(original).isEmpty());
    qInfo("Colin27 finding 1 lies in %s", qPrintable(firstRegion(original)));

    const auto permuted = localize(m_folder / "colin_pil.nii.gz", m_folder / "colin-pil-out");
    QCOMPARE(permuted["intake"].toObject()["native_orientation"].toString(), QString("PIL"));
    const Image permutedLesion =
        AffineResampler::resample(lesion, permutedGeometry, {}, Interpolation::Nearest);
    QVERIFY(topThreeOnLesion(permuted, permutedLesion));
    const Image back = AffineResampler::resample(
        ImageReader().read(m_folder / "colin-pil-out" / "anomaly_map.nii.gz"), scan.geometry(), {},
        Interpolation::Nearest);
    const Image map = ImageReader().read(m_folder / "colin-out" / "anomaly_map.nii.gz");
    double worst = 0;
    for (std::size_t i = 0; i < map.voxelCount(); ++i)
      worst = std::max(worst, double(std::abs(map.voxels()[i] - back.voxels()[i])));
    qInfo("permuted copy: largest anomaly-map difference %.2e", worst);
    QVERIFY(worst < 1e-4);
    QCOMPARE(permuted["boxes"].toArray().size(), original["boxes"].toArray().size());
  }

  void theSecondSubjectsRawScanFindsItsLesion() {
    const auto findings =
        localize(m_folder / "kmeans" / "case_0000_image.nii.gz", m_folder / "kmeans-out");
    QVERIFY(findings["intake"].toObject()["registered"].toBool());
    QVERIFY(findings["intake"].toObject()["bias_corrected"].toBool());
    const Image lesion = ImageReader().read(m_folder / "kmeans" / "case_0000_label.nii.gz");
    QVERIFY(topThreeOnLesion(findings, lesion));
    QVERIFY(findings["boxes"].toArray()[0].toObject()["volume_ml"].toDouble() > 1.0);
    QVERIFY(!firstRegion(findings).isEmpty());
  }

  void healthyVolumesGetAtMostOneBox() {
    for (const char* healthy : {test::kColinHead, test::kKmeansT1}) {
      const auto out = m_folder / ("healthy-" + std::filesystem::path(healthy).stem().string());
      const auto findings = localize(healthy, out);
      QVERIFY2(findings.contains("boxes"), healthy);
      QVERIFY2(findings["boxes"].toArray().size() <= 1, healthy);
    }
  }

 private:
  test::TestFolder m_folder;
};

QTEST_APPLESS_MAIN(VolumeAcceptanceCliTest)
#include "VolumeAcceptanceCliTest.moc"
