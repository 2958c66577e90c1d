#include "pacs/DimseConnection.h"

#include "common/AtomicOutput.h"
#include "common/Error.h"
#include "pacs/DicomFileCheck.h"
#include "pacs/DicomThumbnail.h"
#include "pacs/DimseAssociation.h"
#include "pacs/MoveDestination.h"
#include "pacs/StorageClasses.h"

#include <dcmtk/dcmdata/dctk.h>
#include <dcmtk/dcmnet/diutil.h>

#include <algorithm>
#include <functional>
#include <set>

namespace anomadiff {
namespace {

constexpr const char* kFind = UID_FINDStudyRootQueryRetrieveInformationModel;
constexpr const char* kGet = UID_GETStudyRootQueryRetrieveInformationModel;
constexpr const char* kMove = UID_MOVEStudyRootQueryRetrieveInformationModel;
constexpr int kThumbnailSide = 96;  ///< pixels, as DICOMweb's rendered thumbnails are asked for

std::string text(DcmItem* item, const DcmTagKey& tag) {
  OFString value;
  if (item != nullptr) item->findAndGetOFStringArray(tag, value);
  return value.c_str();
}

/// C-FIND with `query`; the matches' data sets, each turned into a record by `read`.
template <class Record, class Read>
std::vector<Record> find(const PacsSettings& settings, DcmDataset& query,
                         const std::string& operation, Read read) {
  DimseAssociation association(settings);
  association.propose(kFind);
  association.open(operation);
  OFList<QRResponse*> responses;
  const OFCondition sent =
      association.scu().sendFINDRequest(association.context(kFind, operation), &query, &responses);
  std::vector<Record> records;
  Uint16 status = STATUS_Success;
  for (QRResponse* response : responses) {
    if (response->m_dataset != nullptr) records.push_back(read(response->m_dataset));
    status = response->m_status;
    delete response;
  }
  association.check(sent, operation);
  if (status != STATUS_Success && status != STATUS_Pending) {
    association.abort();
    throw IoError(association.server() + ": " + operation +
                  " failed: " + DU_cfindStatusString(status));
  }
  return records;
}

/// The final answer of a C-GET or C-MOVE: throws IoError (and aborts) unless it succeeded with
/// every instance received. Deletes the responses.
void requireEveryInstance(DimseAssociation& association, const std::string& operation,
                          const OFCondition& sent, OFList<RetrieveResponse*>& responses) {
  Uint16 status = STATUS_Pending;
  unsigned completed = 0, failed = 0;
  for (RetrieveResponse* response : responses) {
    status = response->m_status;
    completed = response->m_numberOfCompletedSubops;
    failed = response->m_numberOfFailedSubops;
    delete response;
  }
  association.check(sent, operation);
  const int received = association.observer().received;
  // An empty or still pending answer means the stores broke off (DcmSCU reports it so).
  if (status == STATUS_Success && failed == 0 && completed > 0 && received >= int(completed)) {
    return;
  }
  association.abort();
  std::string reason;
  if (status == STATUS_MOVE_Refused_MoveDestinationUnknown) {
    reason = "the PACS does not know our AE title '" + association.callingAeTitle() +
             "' as a destination (register it with this host and the move port)";
  } else if (completed == 0 && failed == 0) {
    reason = "no instance was received";
  } else {
    reason = std::to_string(failed + completed - std::min<unsigned>(received, completed)) + " of " +
             std::to_string(completed + failed) + " instances not received (" +
             (operation.rfind("C-GET", 0) == 0 ? DU_cgetStatusString(status)
                                               : DU_cmoveStatusString(status)) +
             ")";
  }
  throw IoError(association.server() + ": " + operation + " failed: " + reason);
}

/// C-GET of `keys` on an association of its own. The instances come back as C-STOREs on that
/// association (so no port of ours must be open to the PACS, unlike C-MOVE), to where
/// `prepare` points the association's storage and observer. Throws IoError unless every
/// instance arrived.
void getInstances(const PacsSettings& settings, DcmDataset& keys, const std::string& operation,
                  const std::function<void(DimseAssociation&)>& prepare) {
  DimseAssociation association(settings);
  association.propose(kGet);
  // One SCP-role context per storage class we can receive.
  for (const auto& storageClass : StorageClasses::retrievable()) {
    association.propose(storageClass.c_str(), ASC_SC_ROLE_SCP);
  }
  prepare(association);
  association.open(operation);
  OFList<RetrieveResponse*> responses;
  const OFCondition sent =
      association.scu().sendCGETRequest(association.context(kGet, operation), &keys, &responses);
  requireEveryInstance(association, operation, sent, responses);
}

/// C-MOVE of `keys` to our storage SCP (MoveDestination), which writes into `folder`. Throws
/// IoError unless every instance arrived; InvalidArgument over TLS (our SCP speaks plain DIMSE).
void moveInstances(const PacsSettings& settings, DcmDataset& keys, const std::string& operation,
                   const std::filesystem::path& folder, const RetrieveProgress& progress) {
  if (settings.dimseTls) {
    throw InvalidArgument(
        "C-MOVE over TLS is not supported (our storage SCP speaks plain "
        "DIMSE): retrieve with C-GET");
  }
  DimseAssociation association(settings);
  association.propose(kMove);
  association.observer().progress = progress;
  association.open(operation);
  const MoveDestination destination(settings, folder, association.observer());
  OFList<RetrieveResponse*> responses;
  const OFCondition sent = association.scu().sendMOVERequest(
      association.context(kMove, operation), settings.callingAeTitle.c_str(), &keys, &responses);
  if (sent.bad() && sent != DIMSE_NODATAAVAILABLE && sent != DUL_READTIMEOUT) {
    for (RetrieveResponse* response : responses) delete response;
    association.abort();
    throw IoError(association.server() + ": " + operation + " failed: " + sent.text() +
                  " (a PACS ends a C-MOVE so when it has no address for our AE title '" +
                  settings.callingAeTitle + "': register it with this host and port " +
                  std::to_string(settings.movePort) + ")");
  }
  requireEveryInstance(association, operation, sent, responses);
}

struct StoredFile {
  std::filesystem::path path;
  std::string sopClass, transferSyntax;
};

/// Every file read (up to its pixel data) before anything is sent: a bad file stores nothing.
std::vector<StoredFile> readForStore(const std::vector<std::filesystem::path>& files) {
  std::vector<StoredFile> stored;
  for (const auto& path : files) {
    DicomFileCheck::requireDicomFile(path);
    DcmFileFormat file;
    if (file.loadFile(path.c_str(), EXS_Unknown, EGL_noChange, 4096).bad()) {
      throw IoError("cannot read the DICOM file '" + path.string() + "'");
    }
    OFString sopClass;
    file.getDataset()->findAndGetOFString(DCM_SOPClassUID, sopClass);
    if (sopClass.empty()) throw IoError("'" + path.string() + "' has no SOP class UID");
    stored.push_back(
        {path, sopClass.c_str(), DcmXfer(file.getDataset()->getOriginalXfer()).getXferID()});
  }
  return stored;
}

}  // namespace

void DimseConnection::echo() {
  DimseAssociation association(m_settings);
  association.propose(UID_VerificationSOPClass);
  association.open("C-ECHO");
  association.check(association.scu().sendECHORequest(0), "C-ECHO");
}

std::vector<PacsStudy> DimseConnection::findStudies(const PacsQuery& query) {
  DcmDataset keys;
  keys.putAndInsertOFStringArray(DCM_QueryRetrieveLevel, "STUDY");
  keys.putAndInsertOFStringArray(DCM_PatientName, query.patientName.c_str());
  keys.putAndInsertOFStringArray(DCM_PatientID, query.patientId.c_str());
  keys.putAndInsertOFStringArray(DCM_StudyDate, query.studyDate.c_str());
  keys.putAndInsertOFStringArray(DCM_AccessionNumber, query.accessionNumber.c_str());
  for (const DcmTagKey& tag : {DCM_StudyInstanceUID, DCM_StudyDescription, DCM_ModalitiesInStudy}) {
    keys.putAndInsertOFStringArray(tag, "");
  }
  return find<PacsStudy>(m_settings, keys, "C-FIND of studies", [](DcmItem* match) {
    return PacsStudy{text(match, DCM_StudyInstanceUID), text(match, DCM_PatientName),
                     text(match, DCM_PatientID),        text(match, DCM_StudyDate),
                     text(match, DCM_StudyDescription), text(match, DCM_ModalitiesInStudy)};
  });
}

std::vector<PacsSeries> DimseConnection::findSeries(const std::string& studyInstanceUid) {
  DcmDataset keys;
  keys.putAndInsertOFStringArray(DCM_QueryRetrieveLevel, "SERIES");
  keys.putAndInsertOFStringArray(DCM_StudyInstanceUID, studyInstanceUid.c_str());
  for (const DcmTagKey& tag : {DCM_SeriesInstanceUID, DCM_Modality, DCM_SeriesNumber,
                               DCM_SeriesDescription, DCM_NumberOfSeriesRelatedInstances}) {
    keys.putAndInsertOFStringArray(tag, "");
  }
  return find<PacsSeries>(m_settings, keys, "C-FIND of series", [](DcmItem* match) {
    return PacsSeries{text(match, DCM_SeriesInstanceUID), text(match, DCM_Modality),
                      text(match, DCM_SeriesNumber), text(match, DCM_SeriesDescription),
                      std::atoi(text(match, DCM_NumberOfSeriesRelatedInstances).c_str())};
  });
}

std::string DimseConnection::studyOfSeries(const std::string& seriesInstanceUid) {
  DcmDataset keys;
  keys.putAndInsertOFStringArray(DCM_QueryRetrieveLevel, "SERIES");
  keys.putAndInsertOFStringArray(DCM_SeriesInstanceUID, seriesInstanceUid.c_str());
  keys.putAndInsertOFStringArray(DCM_StudyInstanceUID, "");
  const auto studies =
      find<std::string>(m_settings, keys, "C-FIND of a series",
                        [](DcmItem* match) { return text(match, DCM_StudyInstanceUID); });
  if (studies.empty() || studies.front().empty()) {
    throw IoError(m_settings.serverName() + " has no series " + seriesInstanceUid);
  }
  return studies.front();
}

std::vector<std::filesystem::path> DimseConnection::retrieveSeries(
    const std::string& studyInstanceUid, const std::string& seriesInstanceUid,
    const std::filesystem::path& folder, const RetrieveProgress& progress) {
  DicomFileCheck::requireNewFolder(folder);
  AtomicOutput output(folder);
  std::filesystem::create_directories(output.temporaryPath());  // DcmSCU does not create it
  DcmDataset keys;
  keys.putAndInsertOFStringArray(DCM_QueryRetrieveLevel, "SERIES");
  keys.putAndInsertOFStringArray(DCM_StudyInstanceUID, studyInstanceUid.c_str());
  keys.putAndInsertOFStringArray(DCM_SeriesInstanceUID, seriesInstanceUid.c_str());
  if (m_settings.dimseRetrieve == PacsSettings::DimseRetrieve::Move) {
    moveInstances(m_settings, keys, "C-MOVE of series " + seriesInstanceUid, output.temporaryPath(),
                  progress);
  } else {
    getInstances(m_settings, keys, "C-GET of series " + seriesInstanceUid,
                 [&](DimseAssociation& association) {
                   association.scu().setStorageMode(DCMSCU_STORAGE_DISK);
                   association.scu().setStorageDir(output.temporaryPath().c_str());
                   association.observer().progress = progress;
                 });
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(output.temporaryPath())) {
    files.push_back(folder / entry.path().filename());
  }
  output.commit();
  return files;
}

QByteArray DimseConnection::seriesThumbnail(const std::string& studyInstanceUid,
                                            const std::string& seriesInstanceUid) {
  // DIMSE renders nothing: fetch the series' middle instance into memory and render it here.
  try {
    DcmDataset keys;
    keys.putAndInsertOFStringArray(DCM_QueryRetrieveLevel, "IMAGE");
    keys.putAndInsertOFStringArray(DCM_StudyInstanceUID, studyInstanceUid.c_str());
    keys.putAndInsertOFStringArray(DCM_SeriesInstanceUID, seriesInstanceUid.c_str());
    keys.putAndInsertOFStringArray(DCM_SOPInstanceUID, "");
    keys.putAndInsertOFStringArray(DCM_InstanceNumber, "");
    auto instances = find<std::pair<int, std::string>>(
        m_settings, keys, "C-FIND of a series' instances", [](DcmItem* match) {
          return std::make_pair(std::atoi(text(match, DCM_InstanceNumber).c_str()),
                                text(match, DCM_SOPInstanceUID));
        });
    if (instances.empty()) return {};
    std::sort(instances.begin(), instances.end());
    keys.putAndInsertOFStringArray(DCM_SOPInstanceUID,
                                   instances[instances.size() / 2].second.c_str());
    keys.findAndDeleteElement(DCM_InstanceNumber);
    std::vector<std::unique_ptr<DcmDataset>> kept;
    getInstances(m_settings, keys, "C-GET of a thumbnail instance",
                 [&](DimseAssociation& association) { association.observer().memory = &kept; });
    return kept.empty() ? QByteArray() : DicomThumbnail::render(*kept.front(), kThumbnailSide);
  } catch (const std::exception&) {
    return {};  // optional: the browser lists and retrieves without it
  }
}

void DimseConnection::store(const std::vector<std::filesystem::path>& files) {
  const auto stored = readForStore(files);
  DimseAssociation association(m_settings);
  std::set<std::string> classes;
  for (const auto& file : stored) {
    if (classes.insert(file.sopClass).second) association.propose(file.sopClass.c_str());
  }
  association.scu().setDatasetConversionMode(OFTrue);
  association.open("C-STORE");
  std::string refused;
  for (const auto& file : stored) {
    const std::string operation = "C-STORE of '" + file.path.filename().string() + "'";
    const auto context = association.scu().findAnyPresentationContextID(
        file.sopClass.c_str(), file.transferSyntax.c_str());
    if (context == 0) {
      refused += (refused.empty() ? "" : ", ") + file.path.filename().string() +
                 " (its SOP class is not accepted)";
      continue;
    }
    Uint16 status = 0;
    association.check(
        association.scu().sendSTORERequest(context, file.path.c_str(), nullptr, status), operation);
    if (status != STATUS_Success && (status & 0xF000) != 0xB000) {  // 0xBxxx: warnings
      refused += (refused.empty() ? "" : ", ") + file.path.filename().string() + " (" +
                 DU_cstoreStatusString(status) + ")";
    }
  }
  if (!refused.empty()) {
    throw IoError(association.server() + ": C-STORE refused " + refused);
  }
}

}  // namespace anomadiff
