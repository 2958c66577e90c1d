#pragma once

#include <string>

namespace anomadiff {

/// Where a PACS is and how to talk to it: DICOMweb (a base URL, optional basic auth, https for
/// TLS) or classic DIMSE (AE titles, host, port). Secrets never leave this struct: errors,
/// logs and provenance name the server with `serverName()`, which has no password.
struct PacsSettings {
  std::string dicomWebUrl;  ///< e.g. "http://pacs:8042/dicom-web"; empty: use DIMSE
  std::string user;
  std::string password;
  std::string callingAeTitle = "ANOMADIFF";
  std::string calledAeTitle;  ///< the PACS's AE title
  std::string host;
  int port = 104;
  int timeoutSeconds = 30;  ///< bounds every connect, request and answer

  bool usesDicomWeb() const { return !dicomWebUrl.empty(); }
  /// "DICOMweb http://pacs:8042/dicom-web" or "DIMSE ORTHANC@pacs:4242" — without credentials.
  std::string serverName() const;
};

}  // namespace anomadiff
