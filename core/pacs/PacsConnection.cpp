#include "pacs/PacsConnection.h"

#include "common/Error.h"
#include "pacs/DicomWebConnection.h"
#include "pacs/DimseConnection.h"
#include "pacs/TlsFiles.h"

namespace anomadiff {

std::unique_ptr<PacsConnection> PacsConnection::open(const PacsSettings& settings) {
  if (settings.timeoutSeconds <= 0) {
    throw InvalidArgument("the PACS timeout must be at least 1 s, not " +
                          std::to_string(settings.timeoutSeconds));
  }
  TlsFiles::check(settings);
  if (settings.usesDicomWeb()) return std::make_unique<DicomWebConnection>(settings);
  if (settings.host.empty() || settings.calledAeTitle.empty()) {
    throw InvalidArgument("no PACS given: a DICOMweb URL, or a host and the PACS's AE title");
  }
  return std::make_unique<DimseConnection>(settings);
}

}  // namespace anomadiff
