// The GUI's PACS side against a real Orthanc: the study browser finds a series by patient name,
// retrieves it and hands over its folder (DICOMweb and DIMSE); errors land in its status line;
// Send Results to PACS stores an export's DICOM objects into the study, each one reported;
// the settings never write the password.
#include "DicomResultFixture.h"
#include "OrthancServer.h"
#include "TestFolder.h"
#include "archive/PacsBrowser.h"
#include "archive/PacsSettingsStore.h"
#include "archive/ResultSender.h"
#include "common/Error.h"
#include "dicom/DicomResultWriter.h"
#include "pacs/PacsConnection.h"

#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QTableWidget>
#include <QtTest>

using namespace anomadiff;
using namespace anomadiff::gui;

namespace {

PacsSettings dicomWeb(const test::OrthancServer& server) {
  PacsSettings settings;
  settings.dicomWebUrl = server.dicomWebUrl().toStdString();
  return settings;
}

PacsSettings dimse(const test::OrthancServer& server) {
  PacsSettings settings;
  settings.host = "127.0.0.1";
  settings.port = server.dicomPort();
  settings.calledAeTitle = test::OrthancServer::kAeTitle;
  return settings;
}

std::vector<std::filesystem::path> filesIn(const std::filesystem::path& folder) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) files.push_back(entry);
  return files;
}

}  // namespace

class PacsBrowserTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    if (!m_orthanc.problem().isEmpty()) QSKIP(qPrintable(m_orthanc.problem()));
    m_result = test::dicomResultOn(m_folder / "series");
    PacsConnection::open(dimse(m_orthanc))->store(filesIn(m_folder / "series"));
  }

  void browserFindsRetrievesAndHandsOverASeries() {
    int run = 0;
    for (const auto& settings : {dicomWeb(m_orthanc), dimse(m_orthanc)}) {
      const QString root =
          QString::fromStdString((m_folder / ("downloads" + std::to_string(run++))).string());
      PacsBrowser browser(settings, root);
      QSignalSpy studies(&browser, &PacsBrowser::studiesListed);
      QSignalSpy series(&browser, &PacsBrowser::seriesListed);
      QSignalSpy retrieved(&browser, &PacsBrowser::retrieved);
      browser.patientNameField()->setText("Phantom*");
      browser.search();
      QVERIFY2(studies.wait(20000), qPrintable(browser.status()));
      QCOMPARE(studies.first().first().toInt(), 1);
      QCOMPARE(browser.studiesTable()->item(0, 0)->text(), QString("Phantom^Anomaly"));
      QSignalSpy thumbnails(&browser, &PacsBrowser::thumbnailsShown);
      browser.studiesTable()->selectRow(0);
      QVERIFY2(series.wait(20000), qPrintable(browser.status()));
      QVERIFY(thumbnails.wait(20000));
      // DICOMweb renders the series (Orthanc's plugin does); DIMSE has no thumbnails.
      QCOMPARE(thumbnails.first().first().toInt(), settings.usesDicomWeb() ? 1 : 0);
      QCOMPARE(!browser.seriesTable()->item(0, 0)->icon().isNull(), settings.usesDicomWeb());
      browser.seriesTable()->selectRow(0);
      browser.retrieveSelected();
      QVERIFY2(retrieved.wait(20000), qPrintable(browser.status()));
      const std::filesystem::path folder = browser.retrievedFolder().toStdString();
      QCOMPARE(filesIn(folder).size(), m_result.source.slices.size());
      QCOMPARE(ImageReader().read(folder).geometry().size, m_result.mask.geometry().size);
      QCOMPARE(browser.result(), int(QDialog::Accepted));
    }
  }

  void aServerErrorShowsInTheStatusLine() {
    PacsSettings closed;
    closed.dicomWebUrl = "http://127.0.0.1:" + std::to_string(test::OrthancServer::freePort());
    PacsBrowser browser(closed, QString::fromStdString((m_folder / "unused").string()));
    QSignalSpy failed(&browser, &PacsBrowser::failed);
    browser.search();
    QVERIFY(failed.wait(20000));
    QVERIFY2(browser.status().contains("Connection refused"), qPrintable(browser.status()));
    QCOMPARE(browser.studiesTable()->rowCount(), 0);
  }

  void sendResultsStoresEachObjectIntoTheStudy() {
    const auto exported = m_folder / "export";
    DicomResultWriter().write(m_result, exported);
    const SendReport report =
        ResultSender::send(dicomWeb(m_orthanc), QString::fromStdString(exported.string()));
    QCOMPARE(report.stored.size(), 4);
    QVERIFY2(report.failed.isEmpty(), qPrintable(report.failed.join('\n')));
    const auto series =
        PacsConnection::open(dimse(m_orthanc))->findSeries(m_result.source.studyInstanceUid);
    QCOMPARE(series.size(), std::size_t{5});  // the source, SEG, two maps, SR
  }

  void sendingAFolderWithoutDicomResultsIsRefused() {
    QVERIFY_THROWS_EXCEPTION(
        InvalidArgument,
        ResultSender::send(dicomWeb(m_orthanc), QString::fromStdString(m_folder.path().string())));
  }

  void settingsNeverWriteThePassword() {
    PacsSettings settings = dicomWeb(m_orthanc);
    settings.user = "reader";
    settings.password = "s3cret-Pa55";
    PacsSettingsStore::save(settings);
    QSettings stored;
    stored.sync();
    QFile file(stored.fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains("s3cret"));
    QCOMPARE(PacsSettingsStore::load().password, std::string("s3cret-Pa55"));  // this session
    QCOMPARE(PacsSettingsStore::load().user, std::string("reader"));
  }

 private:
  test::OrthancServer m_orthanc;
  test::TestFolder m_folder;
  DicomResult m_result;
};

QTEST_MAIN(PacsBrowserTest)
#include "PacsBrowserTest.moc"
