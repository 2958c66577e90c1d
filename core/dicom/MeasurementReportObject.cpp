#include "dicom/MeasurementReportObject.h"

#include "common/DecimalString.h"
#include "common/Version.h"
#include "image/DicomUid.h"
#include "report/FindingText.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmsr/cmr/init.h>
#include <dcmtk/dcmsr/cmr/tid1500.h>
#include <dcmtk/dcmsr/codes/dcm.h>
#include <dcmtk/dcmsr/codes/ucum.h>
#include <dcmtk/dcmsr/dsrdoc.h>

#include <sstream>

namespace anomadiff::dicom {
namespace {

constexpr const char* kWhat = "SR Measurement Report";
constexpr const char* kPrivateScheme = "99ANOMADIFF";
constexpr const char* kSeriesNumber = "1003";
constexpr const char* kSegmentationStorage = "1.2.840.10008.5.1.4.1.1.66.4";
constexpr const char* kParametricMapStorage = "1.2.840.10008.5.1.4.1.1.30";

void check(const OFCondition& condition, const std::string& step) {
  DicomSeriesContext::check(condition, kWhat, step);
}

DSRCodedEntryValue privateCode(const char* value, const char* meaning) {
  return DSRCodedEntryValue(value, kPrivateScheme, meaning);
}

DSRCodedEntryValue reviewCode(const std::string& review) {
  if (review == kReviewAccepted) return privateCode("AD0010", "Accepted by reader");
  if (review == kReviewRejected) return privateCode("AD0011", "Rejected by reader");
  if (review == kReviewAdded) return privateCode("AD0012", "Added by reader");
  return privateCode("AD0013", "Not reviewed");
}

/// TID 4019 parameters as "name=value" text: method, model hash, every run parameter, threads,
/// the threshold that made the mask.
std::vector<std::string> algorithmParameters(const FindingsDocument& findings) {
  const Provenance& provenance = findings.provenance;
  std::vector<std::string> parameters{"method=" + provenance.method};
  if (!provenance.modelHash.empty()) parameters.push_back("model_sha256=" + provenance.modelHash);
  for (const auto& [name, value] : provenance.parameters) {
    parameters.push_back(name + "=" + decimalString(value, 6));
  }
  parameters.push_back("threads=" + std::to_string(provenance.threads));
  parameters.push_back("threshold=" + decimalString(findings.threshold, 6));
  if (!findings.thresholdSource.empty()) {
    parameters.push_back("threshold_source=" + findings.thresholdSource);
  }
  return parameters;
}

/// A source slice as the image library (TID 1600) describes it, from what the series holds.
DcmItem imageEntry(const DicomSource& source, const DicomSource::Slice& slice) {
  DcmItem item;
  item.putAndInsertString(DCM_SOPClassUID, slice.sopClassUid.c_str());
  item.putAndInsertString(DCM_SOPInstanceUID, slice.sopInstanceUid.c_str());
  item.putAndInsertString(DCM_Modality, source.modality.c_str());
  item.putAndInsertString(DCM_FrameOfReferenceUID, source.frameOfReferenceUid.c_str());
  item.putAndInsertString(DCM_ImagePositionPatient, slice.imagePosition.c_str());
  item.putAndInsertString(DCM_ImageOrientationPatient, slice.imageOrientation.c_str());
  item.putAndInsertString(DCM_PixelSpacing, source.pixelSpacing.c_str());
  item.putAndInsertUint16(DCM_Rows, Uint16(slice.rows));
  item.putAndInsertUint16(DCM_Columns, Uint16(slice.columns));
  return item;
}

class ReportBuilder {
 public:
  ReportBuilder(const DicomSeriesContext& context, const DicomObjectIds& ids,
                std::vector<std::string> parameters, double voxelMl)
      : m_context(context),
        m_ids(ids),
        m_parameters(std::move(parameters)),
        m_voxelMl(voxelMl),
        m_report(CMR_CID7021::ImagingMeasurementReport) {}

  void addContext() {
    check(m_report.setLanguage(CID5000_Languages::English, CID5001_Countries::UnitedStates),
          "language");
    const std::string model =
        std::string(kApplicationName) + " " + m_context.provenance().method + " " + kVersion;
    check(m_report.getObservationContext().addDeviceObserver(
              DicomUid::generate().c_str(), kApplicationName, kApplicationName, model.c_str()),
          "device observer");
    // CID 100 is extensible; an anomaly search is no specific procedure: "Imaging procedure".
    check(
        m_report.addProcedureReported(DSRCodedEntryValue("363679005", "SCT", "Imaging procedure")),
        "procedure reported");
  }

  void addImageLibrary() {
    const DicomSource& source = m_context.source();
    CMR_TID1600& library = m_report.getImageLibrary();
    check(library.createNewImageLibrary(), "image library");
    check(library.addImageGroup(), "image group");
    for (const auto& slice : source.slices) {
      DcmItem entry = imageEntry(source, slice);
      const OFCondition added = library.addImageEntry(entry, CMR_TID1600::withAllDescriptors);
      if (added != CMR_EC_NoImageLibraryEntryDescriptorsToBeAdded) check(added, "image entry");
    }
    library.moveCommonImageDescriptorsToImageGroups();
  }

  void addFinding(std::size_t index, const FindingSegment& segment, bool first) {
    if (!first) check(m_report.addVolumetricROIMeasurements(), "measurement group");
    auto& group = m_report.getVolumetricROIMeasurements();
    const BoundingBox& box = segment.box;
    const std::string label = "Finding " + std::to_string(box.id);
    check(group.setTrackingIdentifier(label.c_str()), "tracking identifier");
    check(group.setTrackingUniqueIdentifier(m_ids.findingTracking.at(index).c_str()),
          "tracking UID");
    check(group.setFinding(
              DSRCodedEntryValue("49755003", "SCT", "Morphologically abnormal structure")),
          "finding");
    DSRImageReferenceValue reference(kSegmentationStorage, m_ids.segmentationInstance.c_str());
    reference.getSegmentList().addItem(Uint16(index + 1));
    check(group.setReferencedSegment(reference), "referenced segment");
    check(group.setSourceSeriesForSegmentation(m_context.source().seriesInstanceUid.c_str()),
          "source series");
    check(group.addFindingSite(DSRCodedEntryValue("12738006", "SCT", "Brain")), "finding site");
    addMeasurements(group, segment);
    addEvaluations(group, segment);
  }

  void fill(DSRDocument& document) {
    if (!m_report.isValid()) check(OFCondition(EC_IllegalCall), "template incomplete");
    check(document.setTreeFromRootTemplate(m_report, OFTrue), "document tree");
  }

 private:
  using Group = TID1500_MeasurementReport::TID1411_Measurements;

  void addMeasurement(Group& group, const CMR_CID7469& quantity, double value,
                      const DSRCodedEntryValue& unit, bool withParameters) {
    check(group.addMeasurement(quantity, CMR_TID1411_in_TID1500::MeasurementValue(
                                             decimalString(value, 6).c_str(), CMR_CID7181(unit))),
          "measurement");
    auto& measurement = group.getMeasurement();
    const std::string name = std::string(kApplicationName) + " " + m_context.provenance().method;
    check(measurement.setAlgorithmIdentification(name.c_str(), kVersion), "algorithm");
    if (!withParameters) return;
    for (const auto& parameter : m_parameters) {
      check(measurement.getAlgorithmIdentification().addParameter(parameter.c_str()),
            "algorithm parameter");
    }
  }

  void addMeasurements(Group& group, const FindingSegment& segment) {
    const DSRCodedEntryValue noUnits("1", "UCUM", "no units");
    // The segment's volume: what the SEG holds, so a viewer measuring it agrees.
    addMeasurement(group, CMR_CID7469::Volume, double(segment.count) * m_voxelMl, CODE_UCUM_ml,
                   false);
    addMeasurement(group, CMR_CID7469(privateCode("AD0001", "Anomaly score")), segment.box.score,
                   noUnits, true);
    addMeasurement(group, CMR_CID7469(privateCode("AD0006", "Maximum anomaly score")),
                   segment.box.maxScore, noUnits, false);
    addMeasurement(group, CMR_CID7469(privateCode("AD0002", "Anomaly score ensemble variance")),
                   segment.box.meanVariance, noUnits, false);
  }

  void addEvaluations(Group& group, const FindingSegment& segment) {
    const BoundingBox& box = segment.box;
    check(group.addQualitativeEvaluation(privateCode("AD0003", "Review state"),
                                         reviewCode(box.review)),
          "review state");
    std::ostringstream extent;
    extent << "x " << box.x << " y " << box.y << " z " << box.z << " width " << box.width
           << " height " << box.height << " depth " << box.depth << " (voxel indices of the "
           << "source series, z in its slice order)";
    check(group.addQualitativeEvaluation(privateCode("AD0005", "Bounding box"),
                                         OFString(extent.str().c_str())),
          "bounding box");
    const std::string where = FindingText::where(box);
    if (!where.empty()) {
      check(group.addQualitativeEvaluation(privateCode("AD0004", "Atlas regions"),
                                           OFString(where.c_str())),
            "atlas regions");
    }
  }

  const DicomSeriesContext& m_context;
  const DicomObjectIds& m_ids;
  std::vector<std::string> m_parameters;
  double m_voxelMl;
  TID1500_MeasurementReport m_report;
};

void setPatientStudySeries(DSRDocument& document, const DicomSource& source) {
  if (!source.specificCharacterSet.empty()) {
    check(document.setSpecificCharacterSet(source.specificCharacterSet.c_str(), OFFalse),
          "character set");
  }
  check(document.setPatientName(source.patientName.c_str(), OFFalse), "patient name");
  check(document.setPatientID(source.patientId.c_str(), OFFalse), "patient ID");
  check(document.setPatientBirthDate(source.patientBirthDate.c_str(), OFFalse), "birth date");
  check(document.setPatientSex(source.patientSex.c_str(), OFFalse), "patient sex");
  check(document.createNewSeriesInStudy(source.studyInstanceUid.c_str()), "series");
  check(document.setStudyDate(source.studyDate.c_str(), OFFalse), "study date");
  check(document.setStudyTime(source.studyTime.c_str(), OFFalse), "study time");
  check(document.setStudyID(source.studyId.c_str(), OFFalse), "study ID");
  check(document.setAccessionNumber(source.accessionNumber.c_str(), OFFalse), "accession");
  check(document.setReferringPhysicianName(source.referringPhysicianName.c_str(), OFFalse),
        "referring physician");
  check(document.setManufacturer(kApplicationName), "manufacturer");
  check(document.setManufacturerModelName(kApplicationName), "model name");
  check(document.setSoftwareVersions(kVersion), "software version");
  check(document.setSeriesNumber(kSeriesNumber), "series number");
  check(document.setSeriesDescription("AnomaDiff findings (SR)"), "series description");
  check(document.setInstanceNumber("1"), "instance number");
}

/// Everything the report references: the source images and the SEG and maps written with it.
void addEvidence(DSRDocument& document, const DicomSource& source, const DicomObjectIds& ids,
                 bool withSegmentation) {
  DSRSOPInstanceReferenceList& evidence = document.getCurrentRequestedProcedureEvidence();
  const OFString study = source.studyInstanceUid.c_str();
  for (const auto& slice : source.slices) {
    check(evidence.addItem(study, source.seriesInstanceUid.c_str(), slice.sopClassUid.c_str(),
                           slice.sopInstanceUid.c_str()),
          "evidence");
  }
  if (withSegmentation) {  // no finding, no SEG
    check(evidence.addItem(study, ids.segmentationSeries.c_str(), kSegmentationStorage,
                           ids.segmentationInstance.c_str()),
          "evidence");
  }
  check(evidence.addItem(study, ids.anomalyMapSeries.c_str(), kParametricMapStorage,
                         ids.anomalyMapInstance.c_str()),
        "evidence");
  check(evidence.addItem(study, ids.varianceMapSeries.c_str(), kParametricMapStorage,
                         ids.varianceMapInstance.c_str()),
        "evidence");
}

}  // namespace

void MeasurementReportObject::write(const FindingsDocument& findings,
                                    const std::vector<FindingSegment>& segments,
                                    const std::filesystem::path& path) const {
  CMR_ContentMappingResource::initializeAllContextGroups();
  ReportBuilder builder(m_context, m_ids, algorithmParameters(findings), m_voxelMl);
  builder.addContext();
  builder.addImageLibrary();
  for (std::size_t i = 0; i < segments.size(); ++i) builder.addFinding(i, segments[i], i == 0);
  DSRDocument document(DSRTypes::DT_EnhancedSR);
  builder.fill(document);
  setPatientStudySeries(document, m_context.source());
  check(document.getCodingSchemeIdentification().addItem(
            kPrivateScheme, "", "AnomaDiff private codes", kApplicationName),
        "coding scheme");
  addEvidence(document, m_context.source(), m_ids, !segments.empty());
  DcmFileFormat file;
  DcmDataset& dataset = *file.getDataset();
  check(document.write(dataset), "encode");
  // DSRDocument makes its own UIDs; the SEG and maps were written knowing ours.
  check(dataset.putAndInsertString(DCM_SeriesInstanceUID, m_ids.reportSeries.c_str()), "series");
  check(dataset.putAndInsertString(DCM_SOPInstanceUID, m_ids.reportInstance.c_str()), "UID");
  check(file.saveFile(path.c_str(), EXS_LittleEndianExplicit), "save '" + path.string() + "'");
}

}  // namespace anomadiff::dicom
