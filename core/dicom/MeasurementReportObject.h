#pragma once
// Implementation header of anomadiff_dicom.

#include "dicom/DicomObjectIds.h"
#include "dicom/DicomSeriesContext.h"
#include "dicom/FindingSegments.h"
#include "report/BoxesJsonFile.h"

#include <filesystem>
#include <vector>

namespace anomadiff::dicom {

/// The findings as an Enhanced SR Measurement Report (TID 1500, dcmsr's template classes): per
/// finding a TID 1411 volumetric measurement group that references its SEG segment and carries
/// its tracking identifier and UID (shared with the segment), the segment's volume in mL, the
/// anomaly score and ensemble variance (with TID 4019 algorithm parameters: method, model hash
/// and every run parameter), the atlas regions, the box and the reader's verdict.
///
/// What no standard code names — an anomaly score, a review state, an atlas label that has no
/// SNOMED code — uses the private scheme 99ANOMADIFF, declared in the Coding Scheme
/// Identification Sequence (docs/ARCHITECTURE.md §4.2 lists the codes).
class MeasurementReportObject {
 public:
  /// `voxelMl`: one voxel's volume, which makes a segment's voxel count its volume.
  MeasurementReportObject(const DicomSeriesContext& context, const DicomObjectIds& ids,
                          double voxelMl)
      : m_context(context), m_ids(ids), m_voxelMl(voxelMl) {}

  /// `segments` in SEG order (segment i + 1); `findings` the document they came from. Throws
  /// IoError.
  void write(const FindingsDocument& findings, const std::vector<FindingSegment>& segments,
             const std::filesystem::path& path) const;

 private:
  const DicomSeriesContext& m_context;
  const DicomObjectIds& m_ids;
  double m_voxelMl;
};

}  // namespace anomadiff::dicom
