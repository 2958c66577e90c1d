#include "run/FrocReport.h"

#include "localize/BoxGate.h"
#include "report/FrocFigure.h"

#include <cmath>
#include <iomanip>
#include <map>
#include <sstream>

namespace anomadiff::run {
namespace {

/// "0.1", "0.2", "0.5", "1": the rate as a JSON key.
std::string rateKey(double rate) {
  std::ostringstream key;
  key << rate;
  return key.str();
}

nlohmann::json minimumJson(double minimum) {
  return std::isfinite(minimum) ? nlohmann::json(minimum) : nlohmann::json(nullptr);
}

std::string minimumText(double minimum) {
  if (!std::isfinite(minimum)) return "none needed";
  std::ostringstream text;
  text << std::setprecision(4) << minimum;
  return text.str();
}

nlohmann::json strataJson(const std::map<std::string, FrocCurve::StratumSensitivity>& strata) {
  nlohmann::json all = nlohmann::json::object();
  for (const auto& [stratum, entry] : strata) {
    all[stratum] = {{"lesions", entry.lesions}, {"sensitivity", entry.sensitivity}};
  }
  return all;
}

}  // namespace

bool FrocReport::available() const {
  return !m_curves.empty() && m_curves.front().healthySlices() > 0;
}

std::string FrocReport::table() const {
  std::ostringstream table;
  table << "| statistic | sens@0.1 | @0.2 | @0.5 | @1 FP/slice | gate at 0.2 FP/slice |\n";
  for (const FrocCurve& curve : m_curves) {
    table << "| " << BoxGate::nameOf(curve.statistic()) << " | " << std::fixed
          << std::setprecision(3);
    for (const double rate : kRates) table << curve.operatingPointAt(rate).sensitivity << " | ";
    table << minimumText(curve.operatingPointAt(kGateRate).minimum) << " |\n";
  }
  return table.str();
}

std::string FrocReport::strataTable() const {
  std::vector<std::map<std::string, FrocCurve::StratumSensitivity>> columns;
  for (const FrocCurve& curve : m_curves) columns.push_back(curve.sensitivityByStratum(kGateRate));
  if (columns.empty() || columns.front().empty()) return "";
  std::ostringstream table;
  table << "| stratum | lesions |";
  for (const FrocCurve& curve : m_curves) {
    table << " sens@0.2 " << BoxGate::nameOf(curve.statistic()) << " |";
  }
  table << "\n" << std::fixed << std::setprecision(3);
  for (const auto& [stratum, first] : columns.front()) {
    table << "| " << stratum << " | " << first.lesions << " |";
    for (const auto& column : columns) table << " " << column.at(stratum).sensitivity << " |";
    table << "\n";
  }
  return table.str();
}

nlohmann::json FrocReport::toJson() const {
  nlohmann::json all = nlohmann::json::object();
  for (const FrocCurve& curve : m_curves) {
    nlohmann::json sensitivity = nlohmann::json::object();
    for (const double rate : kRates) {
      sensitivity[rateKey(rate)] = curve.operatingPointAt(rate).sensitivity;
    }
    nlohmann::json points = nlohmann::json::array();
    for (const FrocPoint& p : FrocCurve::thinned(curve.curve(), kMaxCurvePoints)) {
      points.push_back(nlohmann::json::array({p.falseBoxesPerSlice, p.sensitivity}));
    }
    const FrocPoint gate = curve.operatingPointAt(kGateRate);
    all[BoxGate::nameOf(curve.statistic())] = {
        {"sensitivity_at", sensitivity},
        {"sensitivity_at_0_2_by_stratum", strataJson(curve.sensitivityByStratum(kGateRate))},
        {"gate_at_0_2", minimumJson(gate.minimum)},
        {"false_boxes_per_slice_at_gate", gate.falseBoxesPerSlice},
        {"lesions", curve.lesions()},
        {"healthy_slices", curve.healthySlices()},
        {"healthy_boxes", curve.healthyBoxes()},
        {"curve", points}};
  }
  return all;
}

void FrocReport::writeFigure(const std::filesystem::path& path, const std::string& method) const {
  std::vector<FrocSeries> series;
  for (const FrocCurve& curve : m_curves) {
    std::ostringstream name;
    name << BoxGate::nameOf(curve.statistic()) << "  sens@0.2 " << std::fixed
         << std::setprecision(3) << curve.operatingPointAt(kGateRate).sensitivity;
    series.push_back({name.str(), curve.curve()});
  }
  const FrocCurve& first = m_curves.front();
  const std::string title = "FROC, " + method + ", " + std::to_string(first.lesions()) +
                            " lesions, " + std::to_string(first.healthySlices()) +
                            " healthy slices";
  FrocFigure(title, kFigureMaxRate, {kGateRate}).write(series, path);
}

}  // namespace anomadiff::run
