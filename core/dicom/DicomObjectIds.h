#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace anomadiff {

/// The UIDs of one export's objects, made before any is written: the SR references the SEG's
/// segments and the Parametric Maps by their instance UIDs, and each object says which series it
/// belongs to. Each kind of object is its own series, numbered after the source's.
struct DicomObjectIds {
  std::string segmentationSeries, segmentationInstance;
  std::string anomalyMapSeries, anomalyMapInstance;
  std::string varianceMapSeries, varianceMapInstance;
  std::string reportSeries, reportInstance;
  /// One per finding: the SEG's segment and the SR's measurement group share it (TID 1411's
  /// Tracking Unique Identifier), so a viewer links the two.
  std::vector<std::string> findingTracking;

  /// Fresh UIDs for every field (DicomUid::generate), `findings` tracking UIDs.
  static DicomObjectIds generate(std::size_t findings);
};

}  // namespace anomadiff
