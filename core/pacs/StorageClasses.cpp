#include "pacs/StorageClasses.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <algorithm>

namespace anomadiff {

std::vector<std::string> StorageClasses::retrievable(std::size_t limit) {
  std::vector<std::string> classes = {UID_SegmentationStorage,
                                      UID_ParametricMapStorage,
                                      UID_ComprehensiveSRStorage,
                                      UID_Comprehensive3DSRStorage,
                                      UID_EnhancedMRImageStorage,
                                      UID_EnhancedCTImageStorage,
                                      UID_LegacyConvertedEnhancedMRImageStorage,
                                      UID_LegacyConvertedEnhancedCTImageStorage,
                                      UID_EnhancedPETImageStorage,
                                      UID_RealWorldValueMappingStorage};
  for (int i = 0; i < numberOfDcmShortSCUStorageSOPClassUIDs && classes.size() < limit; ++i) {
    const std::string uid = dcmShortSCUStorageSOPClassUIDs[i];
    if (std::find(classes.begin(), classes.end(), uid) == classes.end()) classes.push_back(uid);
  }
  if (classes.size() > limit) classes.resize(limit);
  return classes;
}

}  // namespace anomadiff
