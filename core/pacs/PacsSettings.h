#pragma once

#include <string>

namespace anomadiff {

/// Where a PACS is and how to talk to it: DICOMweb (a base URL, optional basic auth, https for
/// TLS) or classic DIMSE (AE titles, host, port, optionally over TLS). Secrets never leave this
/// struct: errors, logs and provenance name the server with `serverName()`, which has no
/// password. The certificate files are paths, not secrets (a client key file is the reader's to
/// protect).
struct PacsSettings {
  std::string dicomWebUrl;  ///< e.g. "http://pacs:8042/dicom-web"; empty: use DIMSE
  std::string user;
  std::string password;
  std::string callingAeTitle = "ANOMADIFF";
  std::string calledAeTitle;  ///< the PACS's AE title
  std::string host;
  int port = 104;
  int timeoutSeconds = 30;  ///< bounds every connect, request and answer

  /// How DIMSE retrieves a series. C-GET: the instances come back on our own association.
  /// C-MOVE (for archives without C-GET): the PACS sends them to our storage SCP, which listens
  /// on `movePort` while the move runs; the PACS must know our AE title's host and port.
  enum class DimseRetrieve { Get, Move };
  DimseRetrieve dimseRetrieve = DimseRetrieve::Get;
  int movePort = 11112;

  // TLS. DICOMweb uses it for an https:// URL; DIMSE when `dimseTls` is set (DICOM's secure
  // transport connection profile, PS3.15 B). The server's certificate is always verified.
  bool dimseTls = false;
  std::string trustedCertificates;  ///< PEM file of the CAs to trust; empty: the system's
  std::string clientCertificate;    ///< PEM, for a PACS that wants ours (with `clientKey`)
  std::string clientKey;            ///< PEM, unencrypted

  bool usesTls() const;

  bool usesDicomWeb() const { return !dicomWebUrl.empty(); }
  /// "DICOMweb http://pacs:8042/dicom-web", "DIMSE ORTHANC@pacs:4242" or "DIMSE-TLS
  /// ORTHANC@pacs:2762" — without credentials.
  std::string serverName() const;
};

}  // namespace anomadiff
