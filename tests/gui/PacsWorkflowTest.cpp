// Issue 18's acceptance through the window, with the real worker and a real PACS (Orthanc): a
// Colin27 series with a generated lesion is found by patient name in Open from PACS, retrieved,
// opened and localized; the reader accepts the finding on the lesion; the export's SEG,
// Parametric Maps and SR are sent to the PACS, which then lists them in the study, and the SR
// read back from the PACS carries the reader's verdict.
#include "ColinLesionSeries.h"
#include "MeasurementReportReader.h"
#include "OrthancServer.h"
#include "TestFolder.h"
#include "archive/PacsActions.h"
#include "archive/PacsBrowser.h"
#include "archive/PacsSettingsStore.h"
#include "findings/FindingsModel.h"
#include "image/DicomSeries.h"
#include "pacs/PacsConnection.h"
#include "panels/ParameterPanel.h"
#include "render/VtkOpenGLWidget.h"
#include "window/AnalysisWorkflow.h"
#include "window/MainWindow.h"
#include "window/WindowActions.h"

#include <QLineEdit>
#include <QSignalSpy>
#include <QTableWidget>
#include <QtTest>

using namespace anomadiff;
using namespace anomadiff::gui;

class PacsWorkflowTest : public QObject {
  Q_OBJECT

 public:
  static void initMain() { VtkOpenGLWidget::prepareApplication(); }

 private Q_SLOTS:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);  // the PACS settings go to a test location
    if (!m_orthanc.problem().isEmpty()) QSKIP(qPrintable(m_orthanc.problem()));
    if (!std::filesystem::exists(test::kColinBrain)) QSKIP("mricron-data is not installed");
    test::writeColinLesionSeries(m_folder / "colin", "Colin27^Workflow", "AD-PACS-GUI");
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(m_folder / "colin")) {
      files.push_back(entry.path());
    }
    PacsConnection::open(dimse())->store(files);
  }

  void openFromPacsLocalizeReviewAndSendBack() {
    // Open from PACS: find by patient name, pick the series, retrieve.
    PacsBrowser browser(dicomWeb(), QString::fromStdString((m_folder / "downloads").string()));
    QSignalSpy studies(&browser, &PacsBrowser::studiesListed);
    QSignalSpy series(&browser, &PacsBrowser::seriesListed);
    QSignalSpy retrieved(&browser, &PacsBrowser::retrieved);
    browser.patientNameField()->setText("Colin27^Work*");
    browser.search();
    QVERIFY2(studies.wait(20000), qPrintable(browser.status()));
    browser.studiesTable()->selectRow(0);
    QVERIFY2(series.wait(20000), qPrintable(browser.status()));
    browser.seriesTable()->selectRow(0);
    browser.retrieveSelected();
    QVERIFY2(retrieved.wait(60000), qPrintable(browser.status()));

    // Open, localize with the intensity method, accept the first finding.
    MainWindow window;
    window.setErrorDialogsEnabled(false);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.openImage(browser.retrievedFolder()));
    window.startAnalysis(workerSettings());
    QSignalSpy ready(window.analysis(), &AnalysisWorkflow::ready);
    QVERIFY(ready.wait(60000));
    QVERIFY(window.parameterPanel()->setMethod("intensity"));
    QSignalSpy shown(window.analysis(), &AnalysisWorkflow::resultShown);
    QSignalSpy failed(window.analysis(), &AnalysisWorkflow::failed);
    window.analysis()->run();
    QVERIFY2(shown.wait(300000),
             failed.isEmpty() ? "timeout" : qPrintable(failed[0][0].toString()));
    QVERIFY(window.findingsModel()->count() >= 1);
    window.findingsModel()->setReview(0, "accepted");

    // Export (DICOM objects with the review) and send them to the PACS.
    const QString exported = QString::fromStdString((m_folder / "export").string());
    window.analysis()->exportTo(exported);
    // File › Send Results to PACS: on a worker thread, the window stays live, one report.
    PacsSettingsStore::save(dicomWeb());
    PacsActions* pacs = window.actions()->pacs();
    pacs->setExportFolder(exported);
    QSignalSpy sent(pacs, &PacsActions::resultsSent);
    pacs->sendResults();
    QVERIFY(sent.wait(60000));
    const QStringList failedObjects = sent.first().at(1).toStringList();
    QVERIFY2(failedObjects.isEmpty(), qPrintable(failedObjects.join('\n')));
    QCOMPARE(sent.first().at(0).toStringList().size(), 4);

    // The PACS lists them in the study; the SR read back from it holds the verdict.
    const DicomSource source = DicomSeries::find(m_folder / "colin").source();
    const auto connection = PacsConnection::open(dimse());
    std::string reportSeries;
    int derived = 0;
    for (const auto& one : connection->findSeries(source.studyInstanceUid)) {
      if (one.seriesInstanceUid == source.seriesInstanceUid) continue;
      ++derived;
      if (one.modality == "SR") reportSeries = one.seriesInstanceUid;
      // Every derived object comes back over C-GET too (SEG and Parametric Map are classes
      // DCMTK's common list lacks).
      const auto back =
          connection->retrieveSeries(source.studyInstanceUid, one.seriesInstanceUid,
                                     m_folder / ("back" + std::to_string(derived)), {});
      QCOMPARE(back.size(), std::size_t{1});
    }
    QCOMPARE(derived, 4);
    const auto files =
        connection->retrieveSeries(source.studyInstanceUid, reportSeries, m_folder / "sr", {});
    const auto reported = test::reportedFindings(files.front());
    QVERIFY(!reported.empty());
    QCOMPARE(reported.front().review, std::string("Accepted by reader"));
  }

 private:
  PacsSettings dicomWeb() const {
    PacsSettings settings;
    settings.dicomWebUrl = m_orthanc.dicomWebUrl().toStdString();
    return settings;
  }

  PacsSettings dimse() const {
    PacsSettings settings;
    settings.host = "127.0.0.1";
    settings.port = m_orthanc.dicomPort();
    settings.calledAeTitle = test::OrthancServer::kAeTitle;
    return settings;
  }

  WorkerSettings workerSettings() const {
    WorkerSettings settings;
    settings.program = ANOMADIFF_CLI;
    settings.arguments = {"--threads", "2"};
    settings.threads = 2;
    settings.runsFolder = QString::fromStdString((m_folder / "runs").string());
    settings.autosavePath = QString::fromStdString((m_folder / "autosave.json").string());
    return settings;
  }

  test::OrthancServer m_orthanc;
  test::TestFolder m_folder;
};

QTEST_MAIN(PacsWorkflowTest)
#include "PacsWorkflowTest.moc"
