#include "pacs/TlsFiles.h"

#include "common/Error.h"

#include <QFile>
#include <QSslCertificate>
#include <QSslKey>

namespace anomadiff {
namespace {

QByteArray readPem(const std::string& path, const std::string& what) {
  QFile file(QString::fromStdString(path));
  if (!file.open(QIODevice::ReadOnly)) {
    throw InvalidArgument("the " + what + " file '" + path + "' cannot be read");
  }
  return file.readAll();
}

/// Throws unless the file holds a PEM block whose label ends with `label` ("CERTIFICATE",
/// "PRIVATE KEY"). Markers only: Qt's certificate parser needs an application object, which the
/// CLI has not made when it checks the settings; the handshake reads the contents.
void requirePemBlock(const std::string& path, const std::string& what, const QByteArray& label,
                     const std::string& missing) {
  const QByteArray pem = readPem(path, what);
  const qsizetype begin = pem.indexOf("-----BEGIN ");
  const qsizetype end = begin < 0 ? -1 : pem.indexOf("-----", begin + 11);
  if (begin < 0 || end < 0 || !pem.mid(begin + 11, end - begin - 11).endsWith(label)) {
    throw InvalidArgument("the " + what + " file '" + path + "' holds no " + missing);
  }
}

QList<QSslCertificate> certificates(const std::string& path, const std::string& what) {
  const auto found = QSslCertificate::fromData(readPem(path, what), QSsl::Pem);
  if (found.isEmpty()) {
    throw InvalidArgument("the " + what + " file '" + path + "' holds no PEM certificate");
  }
  return found;
}

QSslKey privateKey(const std::string& path) {
  const QByteArray pem = readPem(path, "client key");
  for (const auto algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
    QSslKey key(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
    if (!key.isNull()) return key;
  }
  throw InvalidArgument("the client key file '" + path + "' holds no unencrypted PEM private key");
}

}  // namespace

void TlsFiles::check(const PacsSettings& settings) {
  if (!settings.trustedCertificates.empty()) {
    requirePemBlock(settings.trustedCertificates, "trusted certificates", "CERTIFICATE",
                    "PEM certificate");
  }
  if (settings.clientCertificate.empty() != settings.clientKey.empty()) {
    throw InvalidArgument("a client certificate needs its key, and a key its certificate");
  }
  if (!settings.clientCertificate.empty()) {
    requirePemBlock(settings.clientCertificate, "client certificate", "CERTIFICATE",
                    "PEM certificate");
    requirePemBlock(settings.clientKey, "client key", "PRIVATE KEY", "PEM private key");
  }
}

QSslConfiguration TlsFiles::sslConfiguration(const PacsSettings& settings) {
  QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
  if (!settings.trustedCertificates.empty()) {
    configuration.setCaCertificates(
        certificates(settings.trustedCertificates, "trusted certificates"));
  }
  if (!settings.clientCertificate.empty()) {
    configuration.setLocalCertificate(
        certificates(settings.clientCertificate, "client certificate").first());
    configuration.setPrivateKey(privateKey(settings.clientKey));
  }
  configuration.setPeerVerifyMode(QSslSocket::VerifyPeer);
  return configuration;
}

}  // namespace anomadiff
