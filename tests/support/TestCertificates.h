#pragma once
// Certificates for the TLS tests, made fresh by the openssl tool in a temporary folder: a CA,
// a server certificate it signs for localhost / 127.0.0.1, and a second CA that signs nothing
// (trusting it alone must fail the handshake).

#include <QDir>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QTemporaryDir>

namespace anomadiff::test {

class TestCertificates {
 public:
  TestCertificates() {
    if (QStandardPaths::findExecutable("openssl").isEmpty()) {
      m_problem = "the openssl tool is not installed (tools/setup-deps installs it)";
      return;
    }
    const bool made =
        run({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
             "/CN=AnomaDiff Test CA", "-keyout", path("ca.key"), "-out", caCertificate()}) &&
        run({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Other CA",
             "-keyout", path("other.key"), "-out", otherCaCertificate()}) &&
        run({"req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout",
             serverKey(), "-out", path("server.csr")}) &&
        writeExtensions() &&
        run({"x509", "-req", "-in", path("server.csr"), "-CA", caCertificate(), "-CAkey",
             path("ca.key"), "-CAcreateserial", "-days", "2", "-extfile", path("server.ext"),
             "-out", serverCertificate()});
    if (!made) m_problem = "openssl could not make the test certificates: " + m_output;
  }

  /// Empty when the certificates exist; else why not (the tests skip with it).
  const QString& problem() const { return m_problem; }
  QString caCertificate() const { return path("ca.crt"); }
  QString otherCaCertificate() const { return path("other.crt"); }
  QString serverCertificate() const { return path("server.crt"); }
  QString serverKey() const { return path("server.key"); }
  QString path(const QString& name) const { return m_folder.filePath(name); }

 private:
  bool run(const QStringList& arguments) {
    QProcess openssl;
    openssl.setProcessChannelMode(QProcess::MergedChannels);
    openssl.start("openssl", arguments);
    const bool ok = openssl.waitForFinished(60000) && openssl.exitCode() == 0;
    if (!ok) m_output = QString::fromUtf8(openssl.readAll()).right(400);
    return ok;
  }

  bool writeExtensions() {
    QFile file(path("server.ext"));
    return file.open(QIODevice::WriteOnly) &&
           file.write("subjectAltName=DNS:localhost,IP:127.0.0.1\n") > 0;
  }

  QTemporaryDir m_folder;
  QString m_problem;
  QString m_output;
};

}  // namespace anomadiff::test
