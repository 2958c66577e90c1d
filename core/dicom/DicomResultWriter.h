#pragma once

#include "dicom/DicomResult.h"

#include <filesystem>
#include <vector>

namespace anomadiff {

/// Writes a result on a DICOM series as the objects a PACS stores and every DICOM viewer shows
/// (docs/ARCHITECTURE.md §4.2), with DCMTK's classes made for them:
/// - anomaly_seg.dcm: a binary Segmentation, one segment per finding (its mask voxels in its
///   box; the box itself for one a reader drew), in the source's study and frame of reference;
/// - anomaly_map_pm.dcm, variance_map_pm.dcm: float Parametric Maps with a real-world value
///   mapping, one frame per source slice;
/// - findings_sr.dcm: a TID 1500 Measurement Report, per finding its segment, score, volume,
///   atlas region, review state and the run's provenance.
/// All or nothing: every object is built and written to a temporary file first; only when all
/// four succeeded do they replace the targets.
class DicomResultWriter {
 public:
  /// Returns the paths written, in the order above. Throws InvalidArgument when the maps are not
  /// on the series' grid or a finding lies outside it (nothing written), IoError when a file
  /// cannot be written (none replaced).
  std::vector<std::filesystem::path> write(const DicomResult& result,
                                           const std::filesystem::path& folder) const;
};

}  // namespace anomadiff
