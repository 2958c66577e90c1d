#include "pacs/MoveDestination.h"

#include "common/Error.h"
#include "pacs/StorageClasses.h"
#include "pacs/UncompressedSyntaxes.h"

#include <dcmtk/dcmnet/dstorscp.h>

#include <atomic>

namespace anomadiff {

/// DcmStorageSCP that accepts associations only from the PACS, to our AE title, reports each
/// stored instance and leaves its accept loop when told to.
class MoveDestination::StorageScp final : public DcmStorageSCP {
 public:
  StorageScp(const PacsSettings& settings, RetrieveObserver& observer)
      : m_peerAeTitle(settings.calledAeTitle),
        m_ourAeTitle(settings.callingAeTitle),
        m_observer(observer) {}

  void stop() { m_stop = true; }

 protected:
  OFBool checkCallingAETitleAccepted(const OFString& callingAe) override {
    return callingAe == m_peerAeTitle.c_str();
  }
  OFBool checkCalledAETitleAccepted(const OFString& calledAe) override {
    return calledAe == m_ourAeTitle.c_str();
  }
  void notifyInstanceStored(const OFString&, const OFString&, const OFString&,
                            DcmDataset*) const override {
    m_observer.instanceReceived();
  }
  // Checked after each association and each second without one (non-blocking mode).
  OFBool stopAfterCurrentAssociation() override { return m_stop.load(); }
  OFBool stopAfterConnectionTimeout() override { return m_stop.load(); }

 private:
  std::string m_peerAeTitle;
  std::string m_ourAeTitle;
  RetrieveObserver& m_observer;
  std::atomic<bool> m_stop{false};
};

MoveDestination::MoveDestination(const PacsSettings& settings, const std::filesystem::path& folder,
                                 RetrieveObserver& observer)
    : m_scp(std::make_unique<StorageScp>(settings, observer)) {
  m_scp->setAETitle(settings.callingAeTitle.c_str());
  m_scp->setPort(Uint16(settings.movePort));
  m_scp->setConnectionBlockingMode(DUL_NOBLOCK);
  m_scp->setConnectionTimeout(1);
  m_scp->setACSETimeout(Uint32(settings.timeoutSeconds));
  m_scp->setDIMSEBlockingMode(DIMSE_NONBLOCKING);
  m_scp->setDIMSETimeout(Uint32(settings.timeoutSeconds));
  m_scp->setOutputDirectory(folder.c_str());
  m_scp->setDirectoryGenerationMode(DcmStorageSCP::DGM_NoSubdirectory);
  m_scp->setFilenameGenerationMode(DcmStorageSCP::FGM_SOPInstanceUID);
  m_scp->setFilenameExtension(".dcm");
  // Each class once: a class twice makes the profile invalid for an SCP (DcmStorageSCP adds
  // Verification itself).
  for (const auto& storageClass : StorageClasses::retrievable()) {
    m_scp->addPresentationContext(storageClass.c_str(), uncompressedSyntaxes());
  }
  OFCondition opened = m_scp->setAndCheckAssociationProfile("DEFAULT");
  if (opened.good()) opened = m_scp->openListenPort();
  if (opened.bad()) {
    throw IoError("cannot receive the C-MOVE: port " + std::to_string(settings.movePort) +
                  " cannot be opened (" + opened.text() +
                  "); choose another move port, the one the PACS knows for AE title '" +
                  settings.callingAeTitle + "'");
  }
  m_listener = std::thread([scp = m_scp.get()] { scp->acceptAssociations(); });
}

MoveDestination::~MoveDestination() {
  m_scp->stop();
  if (m_listener.joinable()) m_listener.join();
}

}  // namespace anomadiff
