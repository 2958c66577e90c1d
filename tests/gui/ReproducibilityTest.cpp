// Issue 17, point 8: the same seed, threads and inputs give bit-identical maps and boxes whichever
// way a run is asked for — the GUI (parameter panel → worker), the worker alone (WorkerClient)
// and the command line (`anomadiff-cli localize`). The three runs use the real engine and the
// embedded bundle, with a few steps so the test stays short; the GUI's recorded parameters are
// what the other two are given.
#include "CliRunner.h"
#include "ExampleImage.h"
#include "image/ImageReader.h"
#include "panels/ParameterPanel.h"
#include "protocol/ResultFiles.h"
#include "render/VtkOpenGLWidget.h"
#include "report/BoxesJsonFile.h"
#include "window/AnalysisWorkflow.h"
#include "window/MainWindow.h"
#include "worker/WorkerClient.h"

#include <QDir>
#include <QSignalSpy>
#include <QtTest>

#include <algorithm>
#include <filesystem>

using namespace anomadiff;
using namespace anomadiff::gui;

namespace {

const QString kExample = test::exampleImage();

std::filesystem::path pathOf(const QString& folder, const char* file) {
  return std::filesystem::path(QDir(folder).filePath(QString::fromLatin1(file)).toStdString());
}

/// Voxel-for-voxel equality, bit for bit (NaN-safe: compares the bytes).
bool sameVoxels(const Image& a, const Image& b) {
  if (a.geometry().size != b.geometry().size) return false;
  const auto va = a.voxels();
  const auto vb = b.voxels();
  return std::equal(va.begin(), va.end(), vb.begin(),
                    [](float x, float y) { return std::memcmp(&x, &y, sizeof x) == 0; });
}

bool sameBoxes(const FindingsDocument& a, const FindingsDocument& b) {
  if (a.boxes.size() != b.boxes.size() || a.threshold != b.threshold) return false;
  for (std::size_t i = 0; i < a.boxes.size(); ++i) {
    const BoundingBox& p = a.boxes[i];
    const BoundingBox& q = b.boxes[i];
    if (p.x != q.x || p.y != q.y || p.z != q.z || p.width != q.width || p.height != q.height ||
        p.depth != q.depth || p.score != q.score || p.maxScore != q.maxScore ||
        p.meanVariance != q.meanVariance || p.areaPx != q.areaPx) {
      return false;
    }
  }
  return true;
}

}  // namespace

class ReproducibilityTest : public QObject {
  Q_OBJECT

  QTemporaryDir m_data;

  static void compareFolders(const QString& a, const QString& b) {
    for (const char* map : {protocol::ResultFiles::kAnomalyMap, protocol::ResultFiles::kVarianceMap,
                            protocol::ResultFiles::kPseudoHealthy}) {
      const Image first = ImageReader().read(pathOf(a, map));
      const Image second = ImageReader().read(pathOf(b, map));
      QVERIFY2(sameVoxels(first, second), map);
    }
    const auto first = BoxesJsonFile().read(pathOf(a, protocol::ResultFiles::kBoxesJson));
    const auto second = BoxesJsonFile().read(pathOf(b, protocol::ResultFiles::kBoxesJson));
    QVERIFY(sameBoxes(first, second));
    QCOMPARE(first.provenance.parameters, second.provenance.parameters);
  }

 public:
  static void initMain() { VtkOpenGLWidget::prepareApplication(); }

 private Q_SLOTS:
  void guiWorkerAndCliGiveTheSameBits() {
    // The GUI.
    MainWindow window;
    window.setErrorDialogsEnabled(false);
    window.show();
    QVERIFY(window.openImage(kExample));
    WorkerSettings settings;
    settings.program = ANOMADIFF_CLI;
    settings.arguments = {"--threads", "2"};
    settings.threads = 2;
    settings.runsFolder = m_data.filePath("gui-runs");
    window.startAnalysis(settings);
    AnalysisWorkflow* analysis = window.analysis();
    QSignalSpy ready(analysis, &AnalysisWorkflow::ready);
    QVERIFY(ready.wait(60000));
    ParameterPanel* panel = window.parameterPanel();
    QVERIFY(panel->setMethod("ddpm"));
    QVERIFY(panel->setParameter("noise-level", 230));
    QVERIFY(panel->setParameter("steps", 3));
    QVERIFY(panel->setParameter("ensemble", 2));
    QVERIFY(panel->setParameter("seed", 11));
    QSignalSpy shown(analysis, &AnalysisWorkflow::resultShown);
    QSignalSpy failed(analysis, &AnalysisWorkflow::failed);
    analysis->run();
    QVERIFY2(shown.wait(300000),
             failed.isEmpty() ? "timeout" : qPrintable(failed[0][0].toString()));
    const QString guiFolder = analysis->result()->folder;
    const auto parameters = analysis->result()->findings.provenance.parameters;
    QCOMPARE(parameters.at("seed"), 11.0);

    // The worker alone.
    protocol::LocalizeCommand job;
    job.input = kExample.toStdString();
    job.outputDir = m_data.filePath("worker").toStdString();
    job.method = "ddpm";
    job.parameters = parameters;
    job.threads = 2;
    WorkerClient worker(ANOMADIFF_CLI, {"--threads", "2"});
    QSignalSpy finished(&worker, &WorkerClient::finished);
    worker.start();
    worker.localize(job);
    QVERIFY(finished.wait(300000));

    // The command line.
    QStringList arguments{"localize", kExample, "-o",        m_data.filePath("cli"),
                          "--method", "ddpm",   "--threads", "2",
                          "--quiet"};
    for (const auto& [name, value] : parameters) {
      arguments << "--set"
                << QStringLiteral("%1=%2").arg(QString::fromStdString(name)).arg(value, 0, 'g', 17);
    }
    const auto cli = test::runCli(arguments);
    QVERIFY2(cli.exitCode == 0, qPrintable(cli.err));

    compareFolders(guiFolder, m_data.filePath("worker"));
    compareFolders(guiFolder, m_data.filePath("cli"));
  }
};

QTEST_MAIN(ReproducibilityTest)
#include "ReproducibilityTest.moc"
