#include "dicom/DicomSeriesContext.h"

#include "common/Error.h"
#include "common/Version.h"

#include <dcmtk/dcmdata/dcvrda.h>
#include <dcmtk/dcmdata/dcvrtm.h>

#include <sstream>

namespace anomadiff::dicom {
namespace {

/// Values are copied as the source stores them: DCMTK's value checks would refuse some that a
/// scanner wrote and the PACS already holds.
constexpr OFBool kAsStored = OFFalse;

void copyPatientAndStudy(DcmIODCommon& object, const DicomSource& source, const std::string& what) {
  using C = DicomSeriesContext;
  IODPatientModule& patient = object.getPatient();
  C::check(patient.setPatientName(source.patientName.c_str(), kAsStored), what, "patient name");
  C::check(patient.setPatientID(source.patientId.c_str(), kAsStored), what, "patient ID");
  C::check(patient.setPatientBirthDate(source.patientBirthDate.c_str(), kAsStored), what,
           "birth date");
  C::check(patient.setPatientSex(source.patientSex.c_str(), kAsStored), what, "patient sex");
  IODGeneralStudyModule& study = object.getStudy();
  C::check(study.setStudyInstanceUID(source.studyInstanceUid.c_str(), kAsStored), what,
           "study UID");
  C::check(study.setStudyDate(source.studyDate.c_str(), kAsStored), what, "study date");
  C::check(study.setStudyTime(source.studyTime.c_str(), kAsStored), what, "study time");
  C::check(study.setStudyID(source.studyId.c_str(), kAsStored), what, "study ID");
  C::check(study.setAccessionNumber(source.accessionNumber.c_str(), kAsStored), what,
           "accession number");
  C::check(study.setReferringPhysicianName(source.referringPhysicianName.c_str(), kAsStored), what,
           "referring physician");
  C::check(object.getFrameOfReference().setFrameOfReferenceUID(source.frameOfReferenceUid.c_str(),
                                                               kAsStored),
           what, "frame of reference");
}

}  // namespace

void DicomSeriesContext::check(const OFCondition& condition, const std::string& what,
                               const std::string& step) {
  if (condition.bad()) {
    throw IoError("cannot write the DICOM " + what + ": " + step + ": " + condition.text());
  }
}

void DicomSeriesContext::apply(DcmIODCommon& object, const std::string& seriesUid,
                               const std::string& instanceUid, const std::string& seriesNumber,
                               const std::string& seriesDescription,
                               const std::string& what) const {
  copyPatientAndStudy(object, m_source, what);
  IODGeneralSeriesModule& series = object.getSeries();
  check(series.setSeriesInstanceUID(seriesUid.c_str()), what, "series UID");
  check(series.setSeriesNumber(seriesNumber.c_str()), what, "series number");
  check(series.setSeriesDescription(seriesDescription.c_str()), what, "series description");
  OFString date, time;
  DcmDate::getCurrentDate(date);
  DcmTime::getCurrentTime(time);
  series.setSeriesDate(date);
  series.setSeriesTime(time);
  IODSOPCommonModule& common = object.getSOPCommon();
  check(common.setSOPInstanceUID(instanceUid.c_str()), what, "instance UID");
  if (!m_source.specificCharacterSet.empty()) {
    check(common.setSpecificCharacterSet(m_source.specificCharacterSet.c_str(), kAsStored), what,
          "character set");
  }
}

IODGeneralEquipmentModule::EquipmentInfo DicomSeriesContext::equipment() {
  // Enhanced General Equipment needs a serial number; software has none of its own.
  return {kApplicationName, kApplicationName, "1", kVersion};
}

std::string DicomSeriesContext::provenanceLine() const {
  std::ostringstream line;
  line << kApplicationName << " " << m_provenance.appVersion << ", method " << m_provenance.method;
  if (!m_provenance.modelHash.empty()) line << ", model sha256 " << m_provenance.modelHash;
  for (const auto& [name, value] : m_provenance.parameters) line << ", " << name << " " << value;
  line << ", threads " << m_provenance.threads;
  return line.str().substr(0, 1024);
}

}  // namespace anomadiff::dicom
