#pragma once
// Implementation header of anomadiff_pacs: names DCMTK types.

#include "pacs/PacsConnection.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmnet/scu.h>

#include <memory>
#include <vector>

namespace anomadiff {

/// What the instances a C-GET brings in go to besides DcmSCU's own storage: a progress report
/// after each, and, for a thumbnail, memory instead of disk.
struct CgetObserver {
  RetrieveProgress progress;
  /// When set, instances are kept here and not written to the storage folder.
  std::vector<std::unique_ptr<DcmDataset>>* memory = nullptr;
  int received = 0;
  int expected = 0;  ///< what the PACS's pending answers announce; 0 until one does
};

/// DcmSCU, or DcmTLSSCU, that tells a CgetObserver about a C-GET's sub-operations. DcmSCU's
/// handlers are its only hooks into a running C-GET (both are virtual for this purpose).
template <class Scu>
class ObservedScu final : public Scu {
 public:
  explicit ObservedScu(CgetObserver& observer) : m_observer(observer) {}

  OFCondition handleSTORERequest(const T_ASC_PresentationContextID presentationContext,
                                 DcmDataset* instance, OFBool& continueSession,
                                 Uint16& storeStatus) override {
    OFCondition result = EC_Normal;
    if (m_observer.memory != nullptr && instance != nullptr) {
      m_observer.memory->emplace_back(instance);  // takes ownership, as DcmSCU's handler would
      continueSession = OFTrue;
      storeStatus = STATUS_Success;
    } else {
      result = Scu::handleSTORERequest(presentationContext, instance, continueSession, storeStatus);
    }
    if (result.good() && storeStatus == STATUS_Success) {
      ++m_observer.received;
      if (m_observer.progress) m_observer.progress(m_observer.received, m_observer.expected);
    }
    return result;
  }

  OFCondition handleCGETResponse(const T_ASC_PresentationContextID presentationContext,
                                 RetrieveResponse* response, OFBool& continueSession) override {
    if (response != nullptr && response->m_numberOfRemainingSubops > 0) {
      m_observer.expected =
          int(response->m_numberOfRemainingSubops + response->m_numberOfCompletedSubops +
              response->m_numberOfFailedSubops + response->m_numberOfWarningSubops);
    }
    return Scu::handleCGETResponse(presentationContext, response, continueSession);
  }

 private:
  CgetObserver& m_observer;
};

}  // namespace anomadiff
