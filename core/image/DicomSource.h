#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <vector>

namespace anomadiff {

/// What a derived DICOM object (a segmentation) must copy from or reference in the series it was
/// computed from. Text values are kept as the source stores them (trailing padding removed) so
/// they are copied exactly; an absent attribute is an empty string.
struct DicomSource {
  /// One source file, in the order of the image's slices (index k of the volume).
  struct Slice {
    std::string sopClassUid;
    std::string sopInstanceUid;
    std::string imagePosition;     ///< ImagePositionPatient, "x\y\z" in mm
    std::string imageOrientation;  ///< ImageOrientationPatient of this slice
    std::size_t rows = 0;
    std::size_t columns = 0;
  };

  std::string studyInstanceUid;
  std::string seriesInstanceUid;
  std::string frameOfReferenceUid;
  std::string specificCharacterSet;  ///< so copied patient names keep their encoding
  std::string patientName;
  std::string patientId;
  std::string patientBirthDate;
  std::string patientSex;
  std::string studyDate;
  std::string studyTime;
  std::string studyId;
  std::string accessionNumber;
  std::string referringPhysicianName;
  std::string modality;          ///< a Parametric Map keeps its source's modality
  std::string imageOrientation;  ///< ImageOrientationPatient of the first slice
  std::string pixelSpacing;      ///< row spacing \ column spacing, in mm
  std::string sliceThickness;
  std::size_t rows = 0;
  std::size_t columns = 0;
  std::vector<Slice> slices;
};

}  // namespace anomadiff
