// Runs the real anomadiff-cli executable, as a user or a script would.
#include "CliRunner.h"
#include "TestFolder.h"
#include "common/Version.h"
#include "image/DicomSeriesWriter.h"
#include "image/ImageReader.h"
#include "image/ImageWriter.h"
#include "protocol/ResultFiles.h"

#include <QProcess>
#include <QtTest>

#include <fstream>

using namespace anomadiff;

namespace {

/// A volume whose slice 1 holds a bright square: the intensity baseline finds it without a model.
Image volumeWithBrightSquare() {
  ImageGeometry geometry;
  geometry.size = {21, 16, 3};
  geometry.spacing = {1.0, 1.0, 3.0};
  Image image = Image::filled(geometry, 100.0f);
  for (std::size_t y = 5; y < 10; ++y) {
    for (std::size_t x = 7; x < 12; ++x) image.at(x, y, 1) = 400.0f;
  }
  return image;
}

}  // namespace

class CliTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void versionPrintsTheProjectVersion() {
    const test::CliRun run = test::runCli({"--version"});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out.trimmed(), QString("anomadiff-cli ") + kVersion);
  }

  void helpListsOnlyWorkingSubcommands() {
    const test::CliRun run = test::runCli({"--help"});
    QCOMPARE(run.exitCode, 0);
    for (const char* command : {"info", "methods", "system", "reconstruct", "bench", "train",
                                "localize", "calibrate", "evaluate", "worker", "export-dicom"})
      QVERIFY2(run.out.contains(command), command);
    // Subcommands of later issues appear only once they work.
    for (const char* absent : {"sweep"}) QVERIFY2(!run.out.contains(absent), absent);
  }

  void noSubcommandIsAUsageError() {
    const test::CliRun run = test::runCli({});
    QVERIFY(run.exitCode != 0);
  }

  void infoReportsGeometry() {
    test::TestFolder folder;
    ImageGeometry geometry;
    geometry.size = {12, 7, 3};
    geometry.spacing = {0.5, 1.0, 2.5};
    ImageWriter().write(Image::filled(geometry, 4.0f), folder / "v.nii.gz");
    const test::CliRun run =
        test::runCli({"info", "--json", QString::fromStdString((folder / "v.nii.gz").string())});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains("\"size\": [\n    12,\n    7,\n    3\n  ]"), qPrintable(run.out));
    QVERIFY(run.out.contains("\"non_finite_voxels\": 0"));
  }

  void corruptFileGivesOneLineNamingIt() {
    test::TestFolder folder;
    const auto path = folder / "corrupt.nii.gz";
    std::ofstream(path, std::ios::binary) << std::string(1000, '\x1f');
    const test::CliRun run = test::runCli({"info", QString::fromStdString(path.string())});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.startsWith("error: "), qPrintable(run.err));
    QVERIFY2(run.err.contains("corrupt.nii.gz"), qPrintable(run.err));
    QCOMPARE(run.err.trimmed().count('\n'), 0);
    QVERIFY(run.out.isEmpty());
  }

  void methodsListsThePluginBaseline() {
    const test::CliRun run = test::runCli({"methods", "--json"});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains("\"name\": \"intensity\""), qPrintable(run.out + run.err));
    QVERIFY(run.out.contains("\"polarity\""));
  }

  void localizeWritesDicomObjectsForADicomSeriesOnly() {
    test::TestFolder folder;
    const Image image = volumeWithBrightSquare();
    DicomSeriesWriter().write(image, folder / "series");
    ImageWriter().write(image, folder / "volume.nii.gz");
    for (const char* input : {"series", "volume.nii.gz"}) {
      const auto out = folder / (std::string("out-") + input);
      const test::CliRun run = test::runCli({"localize", test::pathArgument(folder / input), "-o",
                                             test::pathArgument(out), "--method", "intensity",
                                             "--threshold", "1", "--finding-gate", "none", "-q"});
      QVERIFY2(run.exitCode == 0, qPrintable(run.err));
      for (const auto& name : protocol::ResultFiles::dicomOutputs()) {
        QVERIFY2(std::filesystem::exists(out / name) == (std::string(input) == "series"),
                 qPrintable(QString::fromStdString(name) + " for " + input));
      }
    }
  }

  void exportDicomWritesTheObjectsOfAResultFolder() {
    test::TestFolder folder;
    const Image image = volumeWithBrightSquare();
    DicomSeriesWriter().write(image, folder / "series");
    ImageWriter().write(image, folder / "volume.nii.gz");
    for (const char* input : {"series", "volume.nii.gz"}) {
      const test::CliRun run =
          test::runCli({"localize", test::pathArgument(folder / input), "-o",
                        test::pathArgument(folder / (std::string("out-") + input)), "--method",
                        "intensity", "--threshold", "1", "--finding-gate", "none", "-q"});
      QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    }
    const test::CliRun exported =
        test::runCli({"export-dicom", test::pathArgument(folder / "out-series"), "-o",
                      test::pathArgument(folder / "exported")});
    QVERIFY2(exported.exitCode == 0, qPrintable(exported.err));
    QCOMPARE(exported.out.trimmed().count('\n'), 3);  // one line per object written
    for (const auto& name : protocol::ResultFiles::dicomOutputs()) {
      QVERIFY2(std::filesystem::exists(folder / "exported" / name), name.c_str());
      QVERIFY(exported.out.contains(QString::fromStdString(name)));
    }
    // A result of a NIfTI input has no series to reference: one line naming the input.
    const test::CliRun refused =
        test::runCli({"export-dicom", test::pathArgument(folder / "out-volume.nii.gz")});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains("no DICOM series folder"), qPrintable(refused.err));
    QVERIFY(refused.err.contains("volume.nii.gz"));
    QCOMPARE(refused.err.trimmed().count('\n'), 0);
  }

  void systemNamesTheBlasAndThreads() {
    const test::CliRun run = test::runCli({"system", "--threads", "2"});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains("threads:  2"), qPrintable(run.out));
    QVERIFY2(run.out.contains("blas:     openblas"), qPrintable(run.out));
    QVERIFY(!run.out.contains("warning"));
  }
};

QTEST_GUILESS_MAIN(CliTest)
#include "CliTest.moc"
