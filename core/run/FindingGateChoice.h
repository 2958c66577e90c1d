#pragma once

#include "localize/BoxGate.h"

#include <nlohmann/json.hpp>

#include <string>

namespace anomadiff::run {

/// The finding gate of a run (which components above the pixel threshold become findings) and
/// where it came from. The bundle's calibration may store, per method, "box_gate": the minimum
/// of a box statistic that lets ≤ 0.2 false boxes per healthy slice through, and "peak_5": the
/// 95th percentile of healthy slices' highest scores (the former rule, kept for old bundles).
struct FindingGateChoice {
  BoxGate gate;                 ///< the open gate: every component above the pixel threshold
  std::string source = "none";  ///< kCalibratedGate, kCalibratedPeak, "user" or "none"

  static constexpr const char* kCalibratedGate = "calibrated-0.2-false-boxes-per-healthy-slice";
  static constexpr const char* kCalibratedPeak = "calibrated-95%-healthy-slices";
  static constexpr const char* kCalibratedVolumeGate = "calibrated-healthy-volumes";

  /// `gateText` (--finding-gate): "auto", "none" or STAT:VALUE (STAT mean, peak or mass).
  /// `peakText` (--finding-peak, kept for compatibility): "auto", "none" or VALUE, a peak gate.
  /// An explicit option wins; with both "auto" the calibrated box_gate, else the calibrated
  /// peak_5, else none. Throws InvalidArgument naming the option for malformed text or when
  /// both options are explicit.
  /// For a whole `volume` (LocalizeJob: one brought into the template's space), "auto" takes the
  /// calibration's "volume_gate" first (calibrate-volumes: no false finding on the healthy
  /// calibration volumes; in the calibration's "volume" entry where it has one), source
  /// kCalibratedVolumeGate.
  static FindingGateChoice resolve(const std::string& gateText, const std::string& peakText,
                                   const nlohmann::json& description, const std::string& method,
                                   bool volume = false);
};

}  // namespace anomadiff::run
