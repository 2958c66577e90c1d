#pragma once

#include "localize/FrocCurve.h"

#include <nlohmann/json.hpp>

#include <array>
#include <filesystem>
#include <string>
#include <vector>

namespace anomadiff::run {

/// The FROC part of `evaluate`: per gate statistic the lesion sensitivity at 0.1, 0.2, 0.5 and
/// 1 false boxes per healthy slice and the gate minimum that keeps to 0.2 (the operating point
/// `calibrate` stores), as a table, as JSON for metrics.json and as froc.png.
class FrocReport {
 public:
  static constexpr std::array<double, 4> kRates = {0.1, 0.2, 0.5, 1.0};
  static constexpr double kGateRate = 0.2;
  static constexpr std::size_t kMaxCurvePoints = 200;
  /// The figure's rate axis ends here: past one false box per slice a reader stops trusting.
  static constexpr double kFigureMaxRate = 2.0;

  /// `curves` must outlive the report (CaseEvaluation::frocCurves()).
  explicit FrocReport(const std::vector<FrocCurve>& curves) : m_curves(curves) {}

  /// False without healthy slices: the false-box rate is then undefined.
  bool available() const;
  /// | statistic | sens@0.1 | @0.2 | @0.5 | @1 FP/slice | gate at 0.2 FP/slice |, one row each.
  std::string table() const;
  /// | stratum | lesions | sens@0.2 <statistic> | ... |: per lesion family and size, the share
  /// each statistic's pooled 0.2 gate finds; empty when no case has strata.
  std::string strataTable() const;
  /// {statistic: {"sensitivity_at": {"0.1": s, ...}, "sensitivity_at_0_2_by_stratum":
  /// {stratum: {"lesions", "sensitivity"}}, "gate_at_0_2": minimum or null (no gate
  /// needed), "false_boxes_per_slice_at_gate", "lesions", "healthy_slices", "healthy_boxes",
  /// "curve": [[false boxes per slice, sensitivity], ...] (≤ kMaxCurvePoints)}}.
  nlohmann::json toJson() const;
  void writeFigure(const std::filesystem::path& path, const std::string& method) const;

 private:
  const std::vector<FrocCurve>& m_curves;
};

}  // namespace anomadiff::run
