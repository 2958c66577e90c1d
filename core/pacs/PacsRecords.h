#pragma once

#include <string>

namespace anomadiff {

/// What a study search needs; an empty field does not constrain. DICOM wildcards (* ?) work in
/// the patient name and ID.
struct PacsQuery {
  std::string patientName;
  std::string patientId;
  std::string studyDate;  ///< YYYYMMDD or a range YYYYMMDD-YYYYMMDD
  std::string accessionNumber;
};

/// One study as the PACS lists it.
struct PacsStudy {
  std::string studyInstanceUid;
  std::string patientName;
  std::string patientId;
  std::string studyDate;
  std::string studyDescription;
  std::string modalities;  ///< ModalitiesInStudy, backslash separated
};

/// One series of a study as the PACS lists it.
struct PacsSeries {
  std::string seriesInstanceUid;
  std::string modality;
  std::string seriesNumber;
  std::string seriesDescription;
  int instances = 0;  ///< NumberOfSeriesRelatedInstances; 0 when the PACS does not say
};

}  // namespace anomadiff
