#pragma once
// Implementation header of anomadiff_pacs: names DCMTK types.

#include "pacs/ObservedScu.h"
#include "pacs/PacsSettings.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmnet/scu.h>

#include <memory>
#include <string>

namespace anomadiff {

/// One DIMSE association with DCMTK's DcmSCU, bounded in time everywhere (TCP connect,
/// association, every DIMSE message) and released (or aborted after an error) when it ends.
/// Errors become one IoError line naming the server and the operation. Over TLS when the
/// settings ask for it (DCMTK's DcmTLSSCU, the peer's certificate always verified).
class DimseAssociation {
 public:
  explicit DimseAssociation(const PacsSettings& settings);
  ~DimseAssociation();
  DimseAssociation(const DimseAssociation&) = delete;
  DimseAssociation& operator=(const DimseAssociation&) = delete;

  DcmSCU& scu() { return *m_scu; }
  /// Where a C-GET's incoming instances are reported (and, if asked, kept).
  RetrieveObserver& observer() { return m_observer; }
  /// Proposes `sopClass` with the uncompressed transfer syntaxes, as user or (C-GET's incoming
  /// stores) as provider.
  void propose(const char* sopClass, T_ASC_SC_ROLE role = ASC_SC_ROLE_DEFAULT);
  /// Connects and negotiates. Throws IoError: connection refused, no answer in time, the
  /// association rejected (AE titles named), or no proposed context accepted.
  void open(const std::string& operation);
  /// The accepted context for `sopClass`; throws IoError when the PACS accepted none.
  T_ASC_PresentationContextID context(const char* sopClass, const std::string& operation);
  /// Throws IoError "<server>: <operation> failed: <reason>" when `condition` is bad, and
  /// aborts the association.
  void check(const OFCondition& condition, const std::string& operation);
  /// Ends abnormally: the next destructor does not release.
  void abort();

  const std::string& server() const { return m_server; }
  const std::string& callingAeTitle() const { return m_callingAe; }

 private:
  RetrieveObserver m_observer;
  std::unique_ptr<DcmSCU> m_scu;
  std::string m_server;
  std::string m_callingAe, m_calledAe;
  int m_timeoutSeconds;
  bool m_tls;
  bool m_open = false;
};

}  // namespace anomadiff
