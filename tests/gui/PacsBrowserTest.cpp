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

#include <QImage>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTcpServer>
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

/// DIMSE retrieving with C-MOVE to our storage SCP on the port the server knows for us.
PacsSettings dimseMove(const test::OrthancServer& server) {
  PacsSettings settings = dimse(server);
  settings.dimseRetrieve = PacsSettings::DimseRetrieve::Move;
  settings.movePort = server.movePort();
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
      // DICOMweb: Orthanc's plugin renders the series; DIMSE: the middle instance, rendered here.
      QCOMPARE(thumbnails.first().first().toInt(), 1);
      QVERIFY(!browser.seriesTable()->item(0, 0)->icon().isNull());
      QSignalSpy progress(&browser, &PacsBrowser::retrieveProgress);
      browser.seriesTable()->selectRow(0);
      browser.retrieveSelected();
      QVERIFY2(retrieved.wait(20000), qPrintable(browser.status()));
      // The bar ends on every image received, of as many as the series has.
      const int slices = int(m_result.source.slices.size());
      QVERIFY(!progress.isEmpty());
      QCOMPARE(progress.last().at(0).toInt(), slices);
      QCOMPARE(progress.last().at(1).toInt(), slices);
      const std::filesystem::path folder = browser.retrievedFolder().toStdString();
      QCOMPARE(filesIn(folder).size(), m_result.source.slices.size());
      QCOMPARE(ImageReader().read(folder).geometry().size, m_result.mask.geometry().size);
      QCOMPARE(browser.result(), int(QDialog::Accepted));
    }
  }

  void aRetrieveReportsEachInstance() {
    int run = 0;
    for (const auto& settings : {dicomWeb(m_orthanc), dimse(m_orthanc), dimseMove(m_orthanc)}) {
      const auto connection = PacsConnection::open(settings);
      std::vector<std::pair<int, int>> told;
      std::vector<std::filesystem::path> files;
      try {
        files = connection->retrieveSeries(
            m_result.source.studyInstanceUid, m_result.source.seriesInstanceUid,
            m_folder / ("progress" + std::to_string(run++)),
            [&](int received, int expected) { told.emplace_back(received, expected); });
      } catch (const std::exception& error) {
        QFAIL(error.what());
      }
      const int slices = int(m_result.source.slices.size());
      QCOMPARE(int(files.size()), slices);
      QVERIFY(!told.empty());
      QCOMPARE(told.back().first, slices);
      for (std::size_t i = 1; i < told.size(); ++i) QVERIFY(told[i].first > told[i - 1].first);
      if (settings.usesDicomWeb()) continue;  // parts may arrive several in one piece
      // DIMSE: one report per C-STORE; the count announced by the PACS's pending answers.
      QCOMPARE(int(told.size()), slices);
      QCOMPARE(told.back().second, slices);
      // The files are whole instances of the series, whichever way they came.
      QCOMPARE(ImageReader().read(files.front().parent_path()).geometry().size,
               m_result.mask.geometry().size);
    }
  }

  void aMoveThatCannotArriveSaysWhyAndLeavesNoFolder() {
    const auto retrieve = [&](const PacsSettings& settings, const std::string& name) {
      try {
        PacsConnection::open(settings)->retrieveSeries(m_result.source.studyInstanceUid,
                                                       m_result.source.seriesInstanceUid,
                                                       m_folder / name, {});
        return std::string("retrieved");
      } catch (const std::exception& error) {
        return std::string(error.what());
      }
    };
    // Our move port taken by someone else.
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::Any, 0));
    PacsSettings busy = dimseMove(m_orthanc);
    busy.movePort = squatter.serverPort();
    const std::string portMessage = retrieve(busy, "busy");
    QVERIFY2(portMessage.find("port " + std::to_string(busy.movePort) + " cannot be opened") !=
                     std::string::npos &&
                 portMessage.find("in use") != std::string::npos,
             portMessage.c_str());
    // An AE title the PACS has no address for.
    PacsSettings stranger = dimseMove(m_orthanc);
    stranger.callingAeTitle = "STRANGER";
    const std::string strangerMessage = retrieve(stranger, "stranger");
    QVERIFY2(strangerMessage.find("C-MOVE") != std::string::npos &&
                 strangerMessage.find("our AE title 'STRANGER'") != std::string::npos,
             strangerMessage.c_str());
    QVERIFY(!std::filesystem::exists(m_folder / "busy"));
    QVERIFY(!std::filesystem::exists(m_folder / "stranger"));
  }

  void dimseThumbnailIsTheMiddleSliceScaled() {
    const QByteArray bytes =
        PacsConnection::open(dimse(m_orthanc))
            ->seriesThumbnail(m_result.source.studyInstanceUid, m_result.source.seriesInstanceUid);
    QImage thumbnail;
    QVERIFY(thumbnail.loadFromData(bytes));
    // 23 × 19 pixels scaled to 96 on the longer side.
    QCOMPARE(thumbnail.width(), 96);
    QCOMPARE(thumbnail.height(), 79);
    int darkest = 255, brightest = 0;
    for (int y = 0; y < thumbnail.height(); ++y) {
      for (int x = 0; x < thumbnail.width(); ++x) {
        darkest = std::min(darkest, qGray(thumbnail.pixel(x, y)));
        brightest = std::max(brightest, qGray(thumbnail.pixel(x, y)));
      }
    }
    QVERIFY2(brightest - darkest > 100, "the thumbnail has no contrast");
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
    // The TLS choices are settings like the others (paths, not secrets): they come back.
    PacsSettings secure = dimse(m_orthanc);
    secure.dimseTls = true;
    secure.trustedCertificates = "/etc/hospital/ca.pem";
    secure.clientCertificate = "/home/reader/anomadiff.crt";
    secure.clientKey = "/home/reader/anomadiff.key";
    secure.dimseRetrieve = PacsSettings::DimseRetrieve::Move;
    secure.movePort = 11113;
    PacsSettingsStore::save(secure);
    const PacsSettings loaded = PacsSettingsStore::load();
    QVERIFY(loaded.dimseTls);
    QCOMPARE(loaded.trustedCertificates, secure.trustedCertificates);
    QCOMPARE(loaded.clientCertificate, secure.clientCertificate);
    QCOMPARE(loaded.clientKey, secure.clientKey);
    QVERIFY(loaded.dimseRetrieve == PacsSettings::DimseRetrieve::Move);
    QCOMPARE(loaded.movePort, 11113);
    QCOMPARE(loaded.serverName(), secure.serverName());
  }

 private:
  test::OrthancServer m_orthanc;
  test::TestFolder m_folder;
  DicomResult m_result;
};

QTEST_MAIN(PacsBrowserTest)
#include "PacsBrowserTest.moc"
