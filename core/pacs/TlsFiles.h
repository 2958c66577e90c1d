#pragma once

#include "pacs/PacsSettings.h"

#include <QSslConfiguration>

namespace anomadiff {

/// The certificate files PacsSettings names, checked before any connection is made: a wrong
/// path or a file without a certificate is one clear line naming the file, not a failed TLS
/// handshake later. Also turns them into Qt's TLS configuration for DICOMweb over https.
class TlsFiles {
 public:
  /// Throws InvalidArgument when a named file cannot be read or holds no PEM certificate
  /// (key), or when only one of client certificate and key is given.
  static void check(const PacsSettings& settings);
  /// The system's configuration with the trusted CAs replaced by the settings' file (when one
  /// is named) and the client certificate and key added (when given).
  static QSslConfiguration sslConfiguration(const PacsSettings& settings);
};

}  // namespace anomadiff
