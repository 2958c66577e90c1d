#pragma once
// A real PACS for the tests: Debian's Orthanc with its DICOMweb plugin, started on free
// localhost ports with its own temporary storage, stopped (and its storage removed) after.

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>

#include <sys/prctl.h>

#include <csignal>

namespace anomadiff::test {

class OrthancServer {
 public:
  static constexpr const char* kAeTitle = "ORTHANC";
  static constexpr const char* kDicomWebPlugin = "/usr/share/orthanc/plugins/libOrthancDicomWeb.so";

  /// DIMSE over TLS with this certificate and key (PEM); the client needs none of its own.
  struct DicomTls {
    QString certificate, key, trustedCertificates;
  };

  explicit OrthancServer(const DicomTls& tls = {}) : m_tls(tls) {
    const QString program = QStandardPaths::findExecutable("Orthanc", {"/usr/sbin", "/usr/bin"});
    if (program.isEmpty() || !QFile::exists(kDicomWebPlugin)) {
      m_problem =
          "Orthanc or its DICOMweb plugin is not installed (tools/setup-deps installs "
          "orthanc and orthanc-dicomweb)";
      return;
    }
    m_httpPort = freePort();
    m_dicomPort = freePort();
    m_movePort = freePort();
    writeConfiguration();
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    // The server dies with the test: a test that aborts must not leave it holding ports.
    m_process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
    m_process.start(program, {m_folder.filePath("orthanc.json")});
    if (!waitUntilAnswering()) {
      m_problem = "Orthanc did not start: " + QString::fromUtf8(m_process.readAll()).right(800);
    }
  }

  ~OrthancServer() {
    if (m_process.state() == QProcess::NotRunning) return;
    m_process.terminate();
    if (!m_process.waitForFinished(10000)) m_process.kill();
    m_process.waitForFinished(2000);
  }

  OrthancServer(const OrthancServer&) = delete;
  OrthancServer& operator=(const OrthancServer&) = delete;

  /// Empty when the server runs; else why not (the tests skip with it).
  const QString& problem() const { return m_problem; }
  QString dicomWebUrl() const { return QString("http://127.0.0.1:%1/dicom-web").arg(m_httpPort); }
  int dicomPort() const { return m_dicomPort; }
  int httpPort() const { return m_httpPort; }
  /// Where the server sends a C-MOVE for AE title ANOMADIFF (127.0.0.1, this port).
  int movePort() const { return m_movePort; }
  /// The CLI options that reach it over DIMSE.
  QStringList dimseOptions() const {
    return {"--host", "127.0.0.1", "--port", QString::number(m_dicomPort), "--aet", kAeTitle};
  }
  QStringList dicomWebOptions() const { return {"--dicomweb", dicomWebUrl()}; }

  /// A port nothing listens on right now.
  static int freePort() {
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
  }

 private:
  void writeConfiguration() {
    const QString storage = m_folder.filePath("storage");
    QDir().mkpath(storage);
    QFile file(m_folder.filePath("orthanc.json"));
    file.open(QIODevice::WriteOnly);
    file.write(QString(R"({
  "Name": "AnomaDiffTest", "StorageDirectory": "%1", "IndexDirectory": "%1",
  "HttpPort": %2, "DicomPort": %3, "DicomAet": "%4", "RemoteAccessAllowed": false,
  "AuthenticationEnabled": false, "DicomCheckCalledAet": true,
  "Plugins": ["%5"], "DicomWeb": {"Enable": true, "Root": "/dicom-web/"},
  "DicomModalities": {"anomadiff": ["ANOMADIFF", "127.0.0.1", %6]}%7
})")
                   .arg(storage)
                   .arg(m_httpPort)
                   .arg(m_dicomPort)
                   .arg(kAeTitle, kDicomWebPlugin)
                   .arg(m_movePort)
                   .arg(tlsConfiguration())
                   .toUtf8());
  }

  QString tlsConfiguration() const {
    if (m_tls.certificate.isEmpty()) return {};
    // Orthanc 1.10's HTTPS server (SslEnabled) dies on the first request in Debian 12, so the
    // TLS tests cover DIMSE against Orthanc; https is tested against a server of the test's own.
    return QString(R"(,
  "DicomTlsEnabled": true, "DicomTlsCertificate": "%1", "DicomTlsPrivateKey": "%2",
  "DicomTlsTrustedCertificates": "%3", "DicomTlsRemoteCertificateRequired": false)")
        .arg(m_tls.certificate, m_tls.key, m_tls.trustedCertificates);
  }

  bool waitUntilAnswering() {
    for (int attempt = 0; attempt < 300; ++attempt) {  // 30 s
      if (m_process.state() == QProcess::NotRunning) return false;
      QTcpSocket http, dicom;
      http.connectToHost("127.0.0.1", quint16(m_httpPort));
      dicom.connectToHost("127.0.0.1", quint16(m_dicomPort));
      if (http.waitForConnected(100) && dicom.waitForConnected(100)) return true;
      QThread::msleep(100);
    }
    return false;
  }

  DicomTls m_tls;
  QTemporaryDir m_folder;
  QProcess m_process;
  int m_httpPort = 0;
  int m_dicomPort = 0;
  int m_movePort = 0;
  QString m_problem;
};

}  // namespace anomadiff::test
