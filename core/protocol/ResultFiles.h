#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace anomadiff::protocol {

/// The names of a `localize` result folder's files (docs/ARCHITECTURE.md §4.2), defined once for
/// the worker that writes them, the GUI that reads them back and the GUI's export that writes
/// them again with the reader's edits.
struct ResultFiles {
  static constexpr const char* kPseudoHealthy = "pseudo_healthy.nii.gz";
  static constexpr const char* kAnomalyMap = "anomaly_map.nii.gz";
  static constexpr const char* kVarianceMap = "variance_map.nii.gz";
  static constexpr const char* kAnomalyMask = "anomaly_mask.nii.gz";
  static constexpr const char* kBrainMask = "brain_mask.nii.gz";
  static constexpr const char* kBoxesJson = "boxes.json";
  static constexpr const char* kBoxesCsv = "boxes.csv";
  static constexpr const char* kReportHtml = "report.html";
  static constexpr const char* kReportPdf = "report.pdf";
  /// Only for a DICOM series input (and `export-dicom`): the findings as a DICOM Segmentation
  /// (one segment each), the maps as Parametric Maps, the findings as an SR Measurement Report.
  static constexpr const char* kSegmentation = "anomaly_seg.dcm";
  static constexpr const char* kAnomalyMapDicom = "anomaly_map_pm.dcm";
  static constexpr const char* kVarianceMapDicom = "variance_map_pm.dcm";
  static constexpr const char* kMeasurementReport = "findings_sr.dcm";
  /// The GUI export only: a label mask of the boxes the reader kept.
  static constexpr const char* kReviewedBoxesMask = "reviewed_boxes_mask.nii.gz";

  /// The DICOM objects of a DICOM series input, in the order they are written.
  static std::vector<std::string> dicomOutputs() {
    return {kSegmentation, kAnomalyMapDicom, kVarianceMapDicom, kMeasurementReport};
  }

  /// The DICOM objects `folder` holds (a run or export without findings has no SEG), in the
  /// order above: what is sent to a PACS.
  static std::vector<std::filesystem::path> dicomOutputsIn(const std::filesystem::path& folder) {
    std::vector<std::filesystem::path> present;
    for (const auto& name : dicomOutputs()) {
      std::error_code error;
      if (std::filesystem::exists(folder / name, error)) present.push_back(folder / name);
    }
    return present;
  }

  /// Every file a `localize` job writes whatever its input (figures and the SEG come on top).
  static std::vector<std::string> localizeOutputs() {
    return {kPseudoHealthy, kAnomalyMap, kVarianceMap, kAnomalyMask, kBoxesJson,
            kBoxesCsv,      kReportHtml, kReportPdf,   kBrainMask};
  }
};

}  // namespace anomadiff::protocol
