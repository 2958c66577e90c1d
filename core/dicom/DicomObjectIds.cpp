#include "dicom/DicomObjectIds.h"

#include "image/DicomUid.h"

namespace anomadiff {

DicomObjectIds DicomObjectIds::generate(std::size_t findings) {
  DicomObjectIds ids;
  for (std::string* uid : {&ids.segmentationSeries, &ids.segmentationInstance,
                           &ids.anomalyMapSeries, &ids.anomalyMapInstance, &ids.varianceMapSeries,
                           &ids.varianceMapInstance, &ids.reportSeries, &ids.reportInstance}) {
    *uid = DicomUid::generate();
  }
  for (std::size_t i = 0; i < findings; ++i) ids.findingTracking.push_back(DicomUid::generate());
  return ids;
}

}  // namespace anomadiff
