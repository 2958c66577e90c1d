// Runs the real anomadiff-cli executable, as a user or a script would.
#include "CliRunner.h"
#include "TestFolder.h"
#include "common/Version.h"
#include "image/ImageWriter.h"

#include <QProcess>
#include <QtTest>

#include <fstream>

using namespace anomadiff;

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
                                "localize", "calibrate", "evaluate"})
      QVERIFY2(run.out.contains(command), command);
    // Subcommands of later issues appear only once they work.
    for (const char* absent : {"worker"}) QVERIFY2(!run.out.contains(absent), absent);
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
