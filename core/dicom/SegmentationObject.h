#pragma once
// Implementation header of anomadiff_dicom.

#include "dicom/DicomObjectIds.h"
#include "dicom/DicomSeriesContext.h"
#include "dicom/FindingSegments.h"

#include <filesystem>
#include <vector>

namespace anomadiff::dicom {

/// The findings as a binary DICOM Segmentation (dcmseg): one segment per finding, so the SR's
/// measurement group of a finding references exactly its voxels and a viewer lists, colours and
/// hides each finding on its own (one segment holding all findings could not say which voxels
/// are which finding, nor carry a reader's verdict per finding). Frames only where a segment has
/// voxels, each on its source slice with a reference to that image.
class SegmentationObject {
 public:
  SegmentationObject(const DicomSeriesContext& context, const DicomObjectIds& ids)
      : m_context(context), m_ids(ids) {}

  /// Writes the segments (numbered 1.. in the order given) to `path`. Throws IoError.
  void write(const std::vector<FindingSegment>& segments, const std::filesystem::path& path) const;

 private:
  const DicomSeriesContext& m_context;
  const DicomObjectIds& m_ids;
};

}  // namespace anomadiff::dicom
