#include "dicom/DicomObjectIds.h"

#include "image/DicomUid.h"

namespace anomadiff {

DicomObjectIds DicomObjectIds::generate(std::size_t findings) {
  DicomObjectIds ids{DicomUid::generate(), DicomUid::generate(), DicomUid::generate(),
                     DicomUid::generate(), DicomUid::generate(), DicomUid::generate(),
                     DicomUid::generate()};
  for (std::size_t i = 0; i < findings; ++i) ids.findingTracking.push_back(DicomUid::generate());
  return ids;
}

}  // namespace anomadiff
