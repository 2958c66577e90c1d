#pragma once

#include "image/ImageGeometry.h"
#include "localize/BoundingBox.h"
#include "localize/BoxGate.h"
#include "localize/MapLevel.h"
#include "preprocess/IntakeReport.h"
#include "report/Provenance.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace anomadiff {

/// The findings of one run as written to boxes.json (contract: docs/ARCHITECTURE.md §4.3).
struct FindingsDocument {
  std::vector<BoundingBox> boxes;
  double threshold = 0.0;
  std::string thresholdSource;  ///< "calibrated-5%-fpr", "user", "otsu", ...
  /// What a component above the threshold needed to become a finding (the open gate: nothing).
  BoxGate findingGate;
  /// "none", "calibrated-0.2-false-boxes-per-healthy-slice", "calibrated-95%-healthy-slices"
  /// (the former peak rule) or "user".
  std::string findingGateSource = "none";
  Provenance provenance;
  /// The grid the boxes index (the scan's own): boxes.json then also gives each box's extent in
  /// physical LPS millimetres ("lps_mm"), where a PACS viewer places it. Size 0: not known.
  ImageGeometry grid;
  /// What the scan intake did (orientation, registration, brain mask, warnings), when known.
  std::optional<preprocess::IntakeReport> intake;
  /// How the anomaly map was levelled to the calibration (MapLevel), when it was.
  std::optional<MapLevel> mapLevel;
  /// Whether neighbouring slices' anomalies were averaged (SliceConsistency: volumes).
  bool sliceConsistency = false;
  /// When a reader's review of these findings was exported (ISO 8601); "" while nobody did.
  /// Written with a ReviewSummary so the files say the boxes are no longer the raw output.
  std::string reviewedUtc;
};

/// Writes and reads boxes.json. Writing is atomic; reading validates every field it needs and
/// throws IoError naming the file and the field. A box's "review" is written only once a reader
/// reviewed it, so unreviewed results keep the original layout and older files still read; the
/// same holds for the top-level "review" summary (reviewed_utc and the counts per state).
class BoxesJsonFile {
 public:
  std::string toJson(const FindingsDocument& document) const;
  /// Parses toJson()'s layout (e.g. embedded in a session file); `origin` names the source in
  /// errors. Throws IoError.
  FindingsDocument fromJson(const std::string& text, const std::string& origin) const;
  void write(const FindingsDocument& document, const std::filesystem::path& path) const;
  FindingsDocument read(const std::filesystem::path& path) const;
};

}  // namespace anomadiff
