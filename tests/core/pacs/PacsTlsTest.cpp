// TLS to a PACS: DIMSE over TLS against a real Orthanc (echo, store, find, retrieve with
// progress), DICOMweb over https against a TLS server of the test's own; a server whose
// certificate no trusted CA signed is refused, a plain association to a TLS port fails in
// time, and wrong certificate files are named before any connection.
#include "OrthancServer.h"
#include "TestCertificates.h"
#include "TestFolder.h"
#include "common/Error.h"
#include "image/DicomSeriesWriter.h"
#include "pacs/PacsConnection.h"

#include <QFile>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QtTest>

#include <fstream>

using namespace anomadiff;

namespace {

/// Answers every request with an empty DICOM JSON list (a QIDO-RS search with no match).
class HttpsServer {
 public:
  explicit HttpsServer(const test::TestCertificates& certificates) {
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificate(
        QSslCertificate::fromPath(certificates.serverCertificate()).first());
    QFile key(certificates.serverKey());
    key.open(QIODevice::ReadOnly);
    configuration.setPrivateKey(QSslKey(key.readAll(), QSsl::Rsa));
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    m_server.setSslConfiguration(configuration);
    m_server.listen(QHostAddress::LocalHost, 0);
    QObject::connect(&m_server, &QTcpServer::pendingConnectionAvailable, [this] { answer(); });
  }

  QString url() const {
    return QString("https://localhost:%1/dicom-web").arg(m_server.serverPort());
  }
  int requests() const { return m_requests; }

 private:
  void answer() {
    QTcpSocket* socket = m_server.nextPendingConnection();
    QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
      m_received += socket->readAll();
      if (!m_received.contains("\r\n\r\n")) return;
      ++m_requests;
      m_received.clear();
      socket->write(
          "HTTP/1.1 200 OK\r\nContent-Type: application/dicom+json\r\nContent-Length: 2\r\n"
          "Connection: close\r\n\r\n[]");
      socket->disconnectFromHost();
    });
  }

  QSslServer m_server;
  QByteArray m_received;
  int m_requests = 0;
};

}  // namespace

class PacsTlsTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    if (!m_certificates.problem().isEmpty()) QSKIP(qPrintable(m_certificates.problem()));
    m_orthanc = std::make_unique<test::OrthancServer>(
        test::OrthancServer::DicomTls{m_certificates.serverCertificate(),
                                      m_certificates.serverKey(), m_certificates.caCertificate()});
    if (!m_orthanc->problem().isEmpty()) QSKIP(qPrintable(m_orthanc->problem()));
    ImageGeometry geometry;
    geometry.size = {24, 20, 5};
    std::vector<float> voxels(geometry.voxelCount());
    for (std::size_t i = 0; i < voxels.size(); ++i) voxels[i] = float(i % 97);
    DicomSeriesWriter()
        .patient("Secure^Transport", "AD-TLS")
        .write(Image(geometry, voxels, SampleType::Int16), m_folder / "series");
  }

  void dimseOverTlsEchoesStoresFindsAndRetrieves() {
    const auto connection = PacsConnection::open(tls(m_certificates.caCertificate()));
    connection->echo();
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(m_folder / "series")) {
      files.push_back(entry.path());
    }
    connection->store(files);
    const auto studies = connection->findStudies({"Secure*", "", "", ""});
    QCOMPARE(studies.size(), std::size_t{1});
    const auto series = connection->findSeries(studies.front().studyInstanceUid);
    QCOMPARE(series.size(), std::size_t{1});
    std::vector<int> told;
    const auto retrieved = connection->retrieveSeries(
        studies.front().studyInstanceUid, series.front().seriesInstanceUid, m_folder / "retrieved",
        [&](int received, int expected) {
          told.push_back(received);
          QVERIFY(expected == 0 || expected == 5);
        });
    QCOMPARE(retrieved.size(), std::size_t{5});
    QCOMPARE(told, (std::vector<int>{1, 2, 3, 4, 5}));  // one report per instance
  }

  void aPacsWhoseCertificateNoTrustedCaSignedIsRefused() {
    try {
      PacsConnection::open(tls(m_certificates.otherCaCertificate()))->echo();
      QFAIL("an untrusted PACS was accepted");
    } catch (const IoError& error) {
      const QString message = error.what();
      QVERIFY2(message.startsWith("DIMSE-TLS ORTHANC@127.0.0.1"), error.what());
      // Not just the server's name ("DIMSE-TLS …"): the handshake's reason, with a hint.
      QVERIFY2(message.contains("failed to set up TLS") && message.contains("certificate"),
               error.what());
    }
  }

  void aPlainAssociationToATlsPortFailsInTime() {
    PacsSettings plain = tls(m_certificates.caCertificate());
    plain.dimseTls = false;
    plain.timeoutSeconds = 3;
    QElapsedTimer clock;
    clock.start();
    QVERIFY_THROWS_EXCEPTION(IoError, PacsConnection::open(plain)->echo());
    QVERIFY(clock.elapsed() < 20000);
  }

  void wrongCertificateFilesAreNamedBeforeConnecting() {
    std::ofstream(m_folder / "not-a-certificate.pem") << "hello";
    const auto refused = [](PacsSettings settings, const std::string& expected) {
      try {
        PacsConnection::open(settings);
        return std::string("accepted");
      } catch (const InvalidArgument& error) {
        const std::string message = error.what();
        return message.find(expected) != std::string::npos ? std::string() : message;
      }
    };
    PacsSettings missing = tls((m_folder / "absent.pem").string().c_str());
    QCOMPARE(refused(missing, "absent.pem' cannot be read"), std::string());
    PacsSettings notPem = tls((m_folder / "not-a-certificate.pem").string().c_str());
    QCOMPARE(refused(notPem, "holds no PEM certificate"), std::string());
    PacsSettings keyless = tls(m_certificates.caCertificate());
    keyless.clientCertificate = m_certificates.serverCertificate().toStdString();
    QCOMPARE(refused(keyless, "needs its key"), std::string());
  }

  void httpsTrustsTheGivenCaAndRefusesAnother() {
    HttpsServer server(m_certificates);
    PacsSettings settings;
    settings.dicomWebUrl = server.url().toStdString();
    settings.timeoutSeconds = 10;
    settings.trustedCertificates = m_certificates.caCertificate().toStdString();
    PacsConnection::open(settings)->echo();
    QCOMPARE(server.requests(), 1);
    settings.trustedCertificates = m_certificates.otherCaCertificate().toStdString();
    try {
      PacsConnection::open(settings)->echo();
      QFAIL("an https server no trusted CA signed was accepted");
    } catch (const IoError& error) {
      QVERIFY2(QString(error.what()).contains("certificate", Qt::CaseInsensitive), error.what());
    }
    QCOMPARE(server.requests(), 1);  // nothing was sent to it
  }

 private:
  PacsSettings tls(const QString& trusted) const {
    PacsSettings settings;
    settings.host = "127.0.0.1";
    settings.port = m_orthanc->dicomPort();
    settings.calledAeTitle = test::OrthancServer::kAeTitle;
    settings.dimseTls = true;
    settings.trustedCertificates = trusted.toStdString();
    settings.timeoutSeconds = 10;
    return settings;
  }

  test::TestCertificates m_certificates;
  std::unique_ptr<test::OrthancServer> m_orthanc;
  test::TestFolder m_folder;
};

QTEST_GUILESS_MAIN(PacsTlsTest)
#include "PacsTlsTest.moc"
