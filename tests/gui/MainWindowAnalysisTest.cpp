// The window with the real worker, as a reader uses it (issue 6 acceptance): open the example,
// run the default method, see progress, the overlay and a box; cancel a long job within a step;
// drag a box handle (boxChanged, undo), find the edit in the autosaved session; kill the worker
// mid-run and carry on.
#include "ExampleImage.h"
#include "findings/FindingsModel.h"
#include "findings/SessionAutosaver.h"
#include "panels/JobProgressWidget.h"
#include "panels/ParameterPanel.h"
#include "render/VtkOpenGLWidget.h"
#include "sweep/SweepGrid.h"
#include "sweep/SweepPanel.h"
#include "sweep/SweepRunner.h"
#include "views/ComparisonView.h"
#include "views/HeatMapLayer.h"
#include "views/SliceView.h"
#include "window/AnalysisWorkflow.h"
#include "window/LocalizationController.h"
#include "window/MainWindow.h"
#include "worker/WorkerClient.h"

#include <QPushButton>
#include <QSignalSpy>
#include <QToolButton>
#include <QUndoStack>
#include <QtTest>

#include <algorithm>
#include <csignal>
#include <filesystem>

using namespace anomadiff;
using namespace anomadiff::gui;

namespace {

const QString kExample = test::exampleImage();

// Pixels of the overlay view that are clearly coloured (the heat map), not grey.
int colouredPixels(const QImage& frame) {
  int count = 0;
  for (int y = 0; y < frame.height(); ++y) {
    for (int x = 0; x < frame.width(); ++x) {
      const QColor c = frame.pixelColor(x, y);
      count +=
          std::max({c.red(), c.green(), c.blue()}) - std::min({c.red(), c.green(), c.blue()}) > 60
              ? 1
              : 0;
    }
  }
  return count;
}

}  // namespace

class MainWindowAnalysisTest : public QObject {
  Q_OBJECT

  QTemporaryDir m_data;
  std::unique_ptr<MainWindow> m_window;

  WorkerSettings settings() const {
    WorkerSettings settings;
    settings.program = ANOMADIFF_CLI;
    settings.arguments = {"--threads", "2"};
    settings.threads = 2;
    settings.runsFolder = m_data.filePath("runs");
    settings.autosavePath = m_data.filePath("autosave.json");
    return settings;
  }

  void startLongJob() {
    ParameterPanel* panel = m_window->parameterPanel();
    QVERIFY(panel->setMethod("ddpm"));
    QVERIFY(panel->setParameter("noise-level", 500));
    QVERIFY(panel->setParameter("steps", 400));
    QVERIFY(panel->setParameter("ensemble", 8));
    m_window->analysis()->run();
  }

 public:
  static void initMain() { VtkOpenGLWidget::prepareApplication(); }

 private Q_SLOTS:
  void initTestCase() {
    m_window = std::make_unique<MainWindow>();
    m_window->setErrorDialogsEnabled(false);
    m_window->resize(1400, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(m_window->openImage(kExample));
    m_window->startAnalysis(settings());
    QSignalSpy ready(m_window->analysis(), &AnalysisWorkflow::ready);
    QVERIFY(ready.wait(60000));
    QVERIFY(m_window->parameterPanel()->isEnabled());
  }

  void defaultMethodShowsProgressOverlayAndABox() {
    AnalysisWorkflow* analysis = m_window->analysis();
    QSignalSpy progress(analysis->controller(), &LocalizationController::jobProgress);
    QSignalSpy shown(analysis, &AnalysisWorkflow::resultShown);
    QSignalSpy failed(analysis, &AnalysisWorkflow::failed);
    QSignalSpy previews(analysis, &AnalysisWorkflow::previewShown);
    const QString method = m_window->parameterPanel()->method();
    QCOMPARE(method, m_window->parameterPanel()->catalog().defaultMethod());
    m_window->parameterPanel()->findChild<QPushButton*>("runButton")->click();
    QVERIFY(m_window->jobProgress()->isVisible());
    QVERIFY2(shown.wait(300000),
             failed.isEmpty() ? "timeout" : qPrintable(failed[0][0].toString()));
    QVERIFY(!progress.isEmpty());
    QVERIFY(!previews.isEmpty());  // the estimate showed while it was denoised
    QVERIFY(!m_window->jobProgress()->isVisible());
    QVERIFY(m_window->findingsModel()->count() >= 1);
    QCOMPARE(m_window->comparisonView()->heatMapLayer()->threshold(),
             analysis->result()->findings.threshold);
    analysis->navigateTo(0);
    const QImage overlay = m_window->comparisonView()->overlayView()->grab().toImage();
    const QImage input = m_window->sliceView()->grab().toImage();
    QVERIFY2(colouredPixels(overlay) > 100, qPrintable(QString::number(colouredPixels(overlay))));
    // The input view has no heat map, only the box outline and the crosshair.
    QVERIFY(colouredPixels(overlay) > 3 * colouredPixels(input));
  }

  void draggingAHandleEditsTheBoxAndTheAutosave() {
    FindingsModel* model = m_window->findingsModel();
    QVERIFY(model->count() >= 1);
    m_window->analysis()->navigateTo(0);
    const BoundingBox before = model->finding(0);
    SliceView* view = m_window->sliceView();
    QSignalSpy changed(model, &FindingsModel::boxChanged);
    const QPoint handle =
        view->widgetPosition({before.x + before.width - 0.5, before.y + before.height - 0.5,
                              static_cast<double>(before.z)})
            .toPoint();
    QTest::mousePress(view, Qt::LeftButton, Qt::NoModifier, handle);
    QTest::mouseMove(view, handle + QPoint(15, 15));
    QTest::mouseRelease(view, Qt::LeftButton, Qt::NoModifier, handle + QPoint(15, 15));
    QVERIFY(!changed.isEmpty());
    const BoundingBox after = model->finding(0);
    // The display is radiological (flipped), so the corner may grow or shrink the box: it changed.
    QVERIFY(after.width != before.width && after.height != before.height);

    // The autosave holds the edit.
    auto* autosaver = m_window->analysis()->autosaver();
    autosaver->flush();
    const auto saved = SessionAutosaver::recover(
        QFile::encodeName(m_data.filePath("autosave.json")).toStdString());
    QVERIFY(saved.has_value());
    QCOMPARE(saved->findings.boxes.front().width, after.width);
    QCOMPARE(saved->findings.boxes.front().height, after.height);

    // Export writes the files, and boxes.json holds the edited box.
    const QString exportFolder = m_data.filePath("export");
    const ExportReport report = m_window->analysis()->exportTo(exportFolder);
    QVERIFY(report.files.contains("boxes.json"));
    QVERIFY(report.files.contains("report.pdf"));
    QVERIFY(report.files.contains("reviewed_boxes_mask.nii.gz"));
    const FindingsDocument exported =
        BoxesJsonFile().read(QFile::encodeName(exportFolder + "/boxes.json").toStdString());
    QCOMPARE(exported.boxes.front().width, after.width);
    QCOMPARE(exported.boxes.front().height, after.height);
    QCOMPARE(exported.boxes.front().x, after.x);

    model->undoStack()->undo();
    QCOMPARE(model->finding(0).width, before.width);
    QCOMPARE(model->finding(0).height, before.height);
  }

  void cancelStopsARunningJobWithinAStep() {
    AnalysisWorkflow* analysis = m_window->analysis();
    QSignalSpy progress(analysis->controller(), &LocalizationController::jobProgress);
    QSignalSpy cancelled(analysis->controller(), &LocalizationController::jobCancelled);
    const int findingsBefore = m_window->findingsModel()->count();
    startLongJob();
    QVERIFY(progress.wait(60000));
    QVERIFY(m_window->jobProgress()->isVisible());
    QTest::mouseClick(m_window->jobProgress()->cancelButton(), Qt::LeftButton);
    QVERIFY(cancelled.wait(30000));
    // 400 steps were asked for; the job stopped after the step it was in.
    const int lastDone = progress.last().at(0).toInt();
    QVERIFY2(lastDone <= progress.first().at(0).toInt() + 2 && lastDone < 50,
             qPrintable(QString::number(lastDone)));
    QVERIFY(!m_window->jobProgress()->isVisible());
    QCOMPARE(m_window->findingsModel()->count(), findingsBefore);  // the shown result stays
  }

  void aKilledWorkerIsReportedAndTheNextRunWorks() {
    AnalysisWorkflow* analysis = m_window->analysis();
    QSignalSpy progress(analysis->controller(), &LocalizationController::jobProgress);
    QSignalSpy errors(m_window.get(), &MainWindow::errorShown);
    QSignalSpy ready(analysis->worker(), &WorkerClient::ready);
    QSignalSpy shown(analysis, &AnalysisWorkflow::resultShown);
    startLongJob();
    QVERIFY(progress.wait(60000));
    ::kill(static_cast<pid_t>(analysis->worker()->processId()), SIGKILL);
    QVERIFY(errors.wait(30000));
    QVERIFY(m_window->isVisible());
    QVERIFY(ready.wait(30000));
    m_window->parameterPanel()->setMethod("intensity");
    analysis->run();
    QVERIFY(shown.wait(60000));
    QVERIFY(analysis->result() != nullptr);
  }

  void aSweepCellAdoptsItsValues() {
    ParameterPanel* panel = m_window->parameterPanel();
    QVERIFY(panel->setMethod("ddpm"));
    QVERIFY(panel->setParameter("steps", 2));
    QVERIFY(panel->setParameter("ensemble", 1));
    SweepPanel* sweep = m_window->sweepPanel();
    QVERIFY(sweep != nullptr);
    sweep->setLevelsText("50, 150");
    QSignalSpy finished(m_window->findChild<SweepRunner*>(), &SweepRunner::finished);
    // ddpm has no guidance scale: one column, the scale list is ignored.
    QVERIFY(sweep->startSweep());
    QVERIFY(finished.wait(120000));
    QVERIFY(!sweep->grid()->cellRect(1, 0).isEmpty());
    QSignalSpy shown(m_window->analysis(), &AnalysisWorkflow::resultShown);
    QTest::mouseClick(sweep->grid(), Qt::LeftButton, Qt::NoModifier,
                      sweep->grid()->cellRect(1, 0).center());
    QCOMPARE(panel->parameters()["noise-level"].toInteger(), 150);
    QVERIFY(shown.wait(120000));
    QCOMPARE(m_window->analysis()->result()->findings.provenance.parameters.at("noise-level"),
             150.0);
  }

  void anAutosavedReviewComesBackInANewWindow() {
    FindingsModel* model = m_window->findingsModel();
    QVERIFY(model->count() >= 1);
    model->setReview(0, "accepted");
    m_window->analysis()->autosaver()->flush();
    const auto saved = SessionAutosaver::recover(
        QFile::encodeName(m_data.filePath("autosave.json")).toStdString());
    QVERIFY(saved.has_value());

    // As after a crash: a second window recovers the session the first one left.
    MainWindow second;
    second.setErrorDialogsEnabled(false);
    WorkerSettings other = settings();
    other.autosavePath = m_data.filePath("second-autosave.json");
    QVERIFY(second.openImage(QString::fromStdString(saved->imagePath)));
    second.startAnalysis(other);
    QSignalSpy ready(second.analysis(), &AnalysisWorkflow::ready);
    QVERIFY(ready.wait(60000));
    second.analysis()->restore(*saved);
    QCOMPARE(second.findingsModel()->count(), model->count());
    QCOMPARE(QString::fromStdString(second.findingsModel()->finding(0).review),
             QString("accepted"));
    QCOMPARE(second.parameterPanel()->method(), QString::fromStdString(saved->method));
    QVERIFY(second.comparisonView()->reconstructionView()->hasImage());
  }

  void cleanupTestCase() {
    m_window.reset();
    // A clean exit removes the crash-recovery copy.
    QVERIFY(!QFile::exists(m_data.filePath("autosave.json")));
  }

  /// The supervised and semi-supervised methods (issue 20) run from the window like the others,
  /// with the shipped bundle's segmenters and few-shot head.
  void segmentationMethodsRunFromTheWindow() {
    AnalysisWorkflow* analysis = m_window->analysis();
    ParameterPanel* panel = m_window->parameterPanel();
    for (const char* method : {"diffseg", "bernoulli", "fewshot"}) {
      QVERIFY2(panel->setMethod(method), method);
      panel->setParameter("steps", 2);  // absent for fewshot: ignored
      panel->setParameter("ensemble", 1);
      QSignalSpy shown(analysis, &AnalysisWorkflow::resultShown);
      QSignalSpy failed(analysis, &AnalysisWorkflow::failed);
      analysis->run();
      QVERIFY2(shown.wait(120000), failed.isEmpty() ? method : qPrintable(failed[0][0].toString()));
      const auto& result = *analysis->result();
      QCOMPARE(result.findings.provenance.method, std::string(method));
      // A probability map: inside [0, 1], not zero everywhere; the input is the "pseudo-healthy".
      const auto& map = result.anomalyMap->voxels();
      const auto [low, high] = std::minmax_element(map.begin(), map.end());
      QVERIFY2(*low >= 0.0f && *high <= 1.0f && *high > 0.0f, method);
      QCOMPARE(result.pseudoHealthy->voxels().size(), map.size());
    }
    QVERIFY(panel->setMethod(panel->catalog().defaultMethod()));
  }
};

QTEST_MAIN(MainWindowAnalysisTest)
#include "MainWindowAnalysisTest.moc"
