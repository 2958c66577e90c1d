// Runs `anomadiff-cli make-lesions` as a user would and checks what it wrote.
#include "TestFolder.h"
#include "image/ImageReader.h"
#include "image/ImageWriter.h"
#include "preprocess/SliceExtractor.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

using namespace anomadiff;

namespace {

const char* kColin = "/usr/share/mricron/templates/ch2bet.nii.gz";
const char* kBrainSlice = "/usr/share/doc/insighttoolkit5-examples/examples/Data/BrainT1Slice.png";

struct Run {
  int exitCode = -1;
  QString out;
  QString err;
};

Run runCli(const QStringList& arguments) {
  QProcess process;
  process.start(ANOMADIFF_CLI, arguments);
  if (!process.waitForFinished(120000)) return {};
  return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2,
          QString::fromUtf8(process.readAllStandardOutput()),
          QString::fromUtf8(process.readAllStandardError())};
}

QString str(const std::filesystem::path& path) {
  return QString::fromStdString(path.string());
}

QJsonObject readJson(const std::filesystem::path& path) {
  QFile file(str(path));
  if (!file.open(QIODevice::ReadOnly)) return {};
  return QJsonDocument::fromJson(file.readAll()).object();
}

bool sameVoxels(const Image& a, const Image& b) {
  return a.geometry() == b.geometry() &&
         std::equal(a.voxels().begin(), a.voxels().end(), b.voxels().begin());
}

void verifyFailsWith(const QStringList& arguments, const QString& expected) {
  const Run run = runCli(arguments);
  QCOMPARE(run.exitCode, 1);
  QVERIFY2(run.err.startsWith("error: ") && run.err.contains(expected), qPrintable(run.err));
  QCOMPARE(run.err.trimmed().count('\n'), 0);
}

}  // namespace

class MakeLesionsCliTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void writesHeldOutSliceCases() {
    test::TestFolder folder;
    const auto dir = folder / "cases";
    const Run run = runCli({"make-lesions", kColin, "--output-dir", str(dir), "--count", "8",
                            "--seed", "7", "--slice-axis", "z", "--slices", "84:100"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const QJsonObject document = readJson(dir / "cases.json");
    const QJsonObject provenance = document["provenance"].toObject();
    QCOMPARE(provenance["seed"].toInt(), 7);
    QCOMPARE(provenance["input"].toString(), QString("ch2bet.nii.gz"));
    QCOMPARE(provenance["input_sha256"].toString().size(), 64);
    const QJsonArray cases = document["cases"].toArray();
    QCOMPARE(cases.size(), 8);

    const Image colin = ImageReader().read(kColin);
    QSet<QString> families;
    for (const auto& value : cases) {
      const QJsonObject entry = value.toObject();
      const int k = entry["slice"].toInt(-1);
      QVERIFY(k >= 84 && k < 100);
      families.insert(entry["spec"].toObject()["family"].toString());
      const Image image = ImageReader().read(dir / entry["image"].toString().toStdString());
      const Image label = ImageReader().read(dir / entry["label"].toString().toStdString());
      const Image brain = ImageReader().read(dir / entry["brain"].toString().toStdString());
      // A 2D slice that keeps its physical place in the volume.
      const Image original = preprocess::SliceExtractor::extract(colin, 2, std::size_t(k));
      QCOMPARE(image.geometry(), original.geometry());
      QCOMPARE(image.geometry().size, (std::array<std::size_t, 3>{181, 217, 1}));
      QCOMPARE(image.geometry().origin[2], -71.0 + k);
      // The label is exactly the changed pixels, all of them inside the brain.
      std::size_t labelled = 0;
      for (std::size_t i = 0; i < image.voxelCount(); ++i) {
        const bool changed = image.voxels()[i] != original.voxels()[i];
        QCOMPARE(label.voxels()[i] == 1.0f, changed);
        if (changed) QCOMPARE(brain.voxels()[i], 1.0f);
        labelled += changed;
      }
      QCOMPARE(qint64(labelled), qint64(entry["label_voxels"].toInteger()));
      QVERIFY(labelled >= 4);
    }
    QCOMPARE(families.size(), 4);  // families take turns
  }

  void sameSeedSameFilesOtherSeedOthers() {
    test::TestFolder folder;
    const QStringList common{"make-lesions", kBrainSlice,      "--count", "3",
                             "--families",   "ellipsoid,patch"};
    QCOMPARE(runCli(common + QStringList{"-o", str(folder / "a"), "--seed", "1"}).exitCode, 0);
    QCOMPARE(runCli(common + QStringList{"-o", str(folder / "b"), "--seed", "1"}).exitCode, 0);
    QCOMPARE(runCli(common + QStringList{"-o", str(folder / "c"), "--seed", "2"}).exitCode, 0);
    QCOMPARE(readJson(folder / "a" / "cases.json"), readJson(folder / "b" / "cases.json"));
    QVERIFY(readJson(folder / "a" / "cases.json") != readJson(folder / "c" / "cases.json"));
    for (const char* name : {"case_0000_image.nii.gz", "case_0002_label.nii.gz"}) {
      QVERIFY(sameVoxels(ImageReader().read(folder / "a" / name),
                         ImageReader().read(folder / "b" / name)));
      QVERIFY(!sameVoxels(ImageReader().read(folder / "a" / name),
                          ImageReader().read(folder / "c" / name)));
    }
  }

  void problemsAreOneLineNamingThem() {
    test::TestFolder folder;
    const QString out = str(folder / "out");
    verifyFailsWith({"make-lesions", kBrainSlice, "-o", out, "--families", "ellipsoid,blob"},
                    "'blob'");
    verifyFailsWith({"make-lesions", kColin, "-o", out, "--slices", "170:200"}, "170:200");
    verifyFailsWith({"make-lesions", kColin, "-o", out, "--slices", "90:80"}, "90:80");
    verifyFailsWith({"make-lesions", kBrainSlice, "-o", out, "--slices", "1:2"}, "3D");
    // An empty brain mask.
    const Image slice = ImageReader().read(kBrainSlice);
    ImageWriter().write(Image::filled(slice.geometry(), 0.0f), folder / "empty.nii.gz");
    verifyFailsWith(
        {"make-lesions", kBrainSlice, "-o", out, "--mask", str(folder / "empty.nii.gz")}, "empty");
    QVERIFY(!std::filesystem::exists(folder / "out" / "cases.json"));
  }
};

QTEST_GUILESS_MAIN(MakeLesionsCliTest)
#include "MakeLesionsCliTest.moc"
