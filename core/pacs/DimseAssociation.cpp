#include "pacs/DimseAssociation.h"

#include "common/DcmtkLog.h"
#include "common/Error.h"
#include "pacs/UncompressedSyntaxes.h"

#include <dcmtk/dcmnet/dimse.h>
#include <dcmtk/dcmnet/dul.h>
#include <dcmtk/dcmtls/tlsscu.h>

namespace anomadiff {
namespace {

// Debian's ca-certificates bundle. Not the folder /etc/ssl/certs: DCMTK 3.6.7's
// addTrustedCertificateDir spun for minutes on it.
constexpr const char* kSystemCertificates = "/etc/ssl/certs/ca-certificates.crt";

/// DcmTLSSCU that verifies the PACS's certificate against the settings' trusted CAs (else the
/// system's) and, when given, shows ours. The files were checked by TlsFiles before.
std::unique_ptr<DcmSCU> secureScu(const PacsSettings& settings, RetrieveObserver& observer) {
  auto scu = std::make_unique<ObservedScu<DcmTLSSCU>>(observer);
  if (settings.trustedCertificates.empty()) {
    scu->addTrustedCertFile(kSystemCertificates);
  } else {
    scu->addTrustedCertFile(settings.trustedCertificates.c_str());
  }
  scu->setPeerCertVerification(DCV_requireCertificate);
  if (!settings.clientCertificate.empty()) {
    scu->enableAuthentication(settings.clientKey.c_str(), settings.clientCertificate.c_str(), "");
  }
  return scu;
}

}  // namespace

DimseAssociation::DimseAssociation(const PacsSettings& settings)
    : m_server(settings.serverName()),
      m_callingAe(settings.callingAeTitle),
      m_calledAe(settings.calledAeTitle),
      m_timeoutSeconds(settings.timeoutSeconds),
      m_tls(settings.dimseTls) {
  quietDcmtkLog();
  m_scu = settings.dimseTls ? secureScu(settings, m_observer)
                            : std::make_unique<ObservedScu<DcmSCU>>(m_observer);
  m_scu->setAETitle(settings.callingAeTitle.c_str());
  m_scu->setPeerHostName(settings.host.c_str());
  m_scu->setPeerPort(Uint16(settings.port));
  m_scu->setPeerAETitle(settings.calledAeTitle.c_str());
  m_scu->setConnectionTimeout(Sint32(settings.timeoutSeconds));
  m_scu->setACSETimeout(Uint32(settings.timeoutSeconds));
  // Without non-blocking mode DcmSCU ignores the DIMSE timeout and may wait forever.
  m_scu->setDIMSEBlockingMode(DIMSE_NONBLOCKING);
  m_scu->setDIMSETimeout(Uint32(settings.timeoutSeconds));
}

DimseAssociation::~DimseAssociation() {
  if (m_open && m_scu->isConnected()) m_scu->releaseAssociation();
}

void DimseAssociation::propose(const char* sopClass, T_ASC_SC_ROLE role) {
  m_scu->addPresentationContext(sopClass, uncompressedSyntaxes(), role);
}

void DimseAssociation::open(const std::string& operation) {
  OFCondition condition = m_scu->initNetwork();
  if (condition.good()) condition = m_scu->negotiateAssociation();
  const std::string prefix = m_server + ": " + operation + " ";
  if (condition == DUL_ASSOCIATIONREJECTED) {
    throw IoError(prefix + "was refused by the PACS: it does not accept the calling AE title '" +
                  m_callingAe + "' or is not '" + m_calledAe + "' (check both AE titles)");
  }
  if (condition == NET_EC_NoAcceptablePresentationContexts) {
    throw IoError(prefix + "is not supported by the PACS (no proposed service accepted)");
  }
  if (condition.bad()) {
    const std::string reason = condition.text();
    if (reason.find("imeout") != std::string::npos || condition == DUL_READTIMEOUT) {
      throw IoError(prefix + "got no answer within " + std::to_string(m_timeoutSeconds) + " s");
    }
    if (m_tls && reason.find("refused") == std::string::npos) {
      throw IoError(prefix + "failed to set up TLS: " + reason +
                    " (is the PACS's certificate signed by a trusted CA, and does it speak TLS "
                    "on this port?)");
    }
    throw IoError(prefix + "cannot connect: " + reason);
  }
  m_open = true;
}

T_ASC_PresentationContextID DimseAssociation::context(const char* sopClass,
                                                      const std::string& operation) {
  const T_ASC_PresentationContextID id = m_scu->findPresentationContextID(sopClass, "");
  if (id == 0) {
    abort();
    throw IoError(m_server + ": " + operation + " is not supported by the PACS");
  }
  return id;
}

void DimseAssociation::check(const OFCondition& condition, const std::string& operation) {
  if (condition.good()) return;
  abort();
  const std::string reason = condition.text();
  if (condition == DIMSE_NODATAAVAILABLE || condition == DUL_READTIMEOUT ||
      reason.find("imeout") != std::string::npos) {
    throw IoError(m_server + ": " + operation + " got no answer within " +
                  std::to_string(m_timeoutSeconds) + " s");
  }
  throw IoError(m_server + ": " + operation + " failed: " + reason);
}

void DimseAssociation::abort() {
  if (m_open && m_scu->isConnected()) m_scu->abortAssociation();
  m_open = false;
}

}  // namespace anomadiff
