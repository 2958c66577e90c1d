#pragma once
// Implementation header of anomadiff_pacs: names DCMTK types.

#include "pacs/PacsConnection.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmnet/scu.h>

#include <atomic>
#include <memory>
#include <vector>

namespace anomadiff {

/// What the instances a retrieve brings in go to besides their storage: a progress report after
/// each, and, for a C-GET thumbnail, memory instead of disk. The counts are atomic: a C-MOVE's
/// instances arrive on our storage SCP's thread while the PACS's answers arrive on the SCU's.
struct RetrieveObserver {
  RetrieveProgress progress;
  /// When set, C-GET instances are kept here and not written to the storage folder.
  std::vector<std::unique_ptr<DcmDataset>>* memory = nullptr;
  std::atomic<int> received{0};
  std::atomic<int> expected{0};  ///< what the PACS's pending answers announce; 0 until one does

  void instanceReceived() {
    const int count = ++received;
    if (progress) progress(count, expected);
  }
  /// Reads the total from a pending C-GET / C-MOVE answer.
  void answered(const RetrieveResponse* response) {
    if (response != nullptr && response->m_numberOfRemainingSubops > 0) {
      expected = int(response->m_numberOfRemainingSubops + response->m_numberOfCompletedSubops +
                     response->m_numberOfFailedSubops + response->m_numberOfWarningSubops);
    }
  }
};

/// DcmSCU, or DcmTLSSCU, that tells a RetrieveObserver about a C-GET's sub-operations and a
/// C-MOVE's announced total. DcmSCU's handlers are its only hooks into a running retrieve (they
/// are virtual for this purpose).
template <class Scu>
class ObservedScu final : public Scu {
 public:
  explicit ObservedScu(RetrieveObserver& observer) : m_observer(observer) {}

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
    if (result.good() && storeStatus == STATUS_Success) m_observer.instanceReceived();
    return result;
  }

  OFCondition handleCGETResponse(const T_ASC_PresentationContextID presentationContext,
                                 RetrieveResponse* response, OFBool& continueSession) override {
    m_observer.answered(response);
    return Scu::handleCGETResponse(presentationContext, response, continueSession);
  }

  OFCondition handleMOVEResponse(const T_ASC_PresentationContextID presentationContext,
                                 RetrieveResponse* response, OFBool& continueSession) override {
    m_observer.answered(response);
    return Scu::handleMOVEResponse(presentationContext, response, continueSession);
  }

 private:
  RetrieveObserver& m_observer;
};

}  // namespace anomadiff
