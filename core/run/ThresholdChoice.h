#pragma once

#include "image/Image.h"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>

#include <string>

namespace anomadiff::run {

/// The anomaly threshold of a run and where it came from (boxes.json records both).
struct ThresholdChoice {
  double value = 0.0;
  std::string source;  ///< "calibrated-5%-fpr", "calibrated-1%-fpr", "otsu", "user"

  /// `text`: "auto" (the bundle's calibrated 5 %-FPR value for `method`, else Otsu), "fpr5",
  /// "fpr1" (calibrated; an error naming the missing calibration when absent), "otsu", or a
  /// number. `anomaly` and `brain` are the run's map and mask (Otsu uses the brain's scores).
  /// `wholeVolume`: the calibration's "volume" entry where it has one (calibrationEntry).
  static ThresholdChoice resolve(const std::string& text, const nlohmann::json& description,
                                 const std::string& method, const Image& anomaly,
                                 const Image& brain, bool wholeVolume = false);
  /// "" when `method`'s calibration was made with these parameter values (the seed aside)
  /// and, where it records one, the model of sha256 `modelHash`; else what differs
  /// ("model eb91fa03 → 5c0d17aa; noise-level 100 → 400"): such thresholds are not
  /// calibrated for this run.
  static std::string calibrationMismatch(const nlohmann::json& description,
                                         const std::string& method,
                                         const std::map<std::string, double>& used,
                                         const std::string& modelHash, bool wholeVolume = false);
  /// Marks a calibrated choice made for other parameters as "uncalibrated (…)".
  void markStale(const std::string& mismatch);
  /// model.json's calibration object of `method`, or nullptr when the bundle has none. For a
  /// `wholeVolume` its "volume" object when it has one (`calibrate --for-volumes`: the same
  /// healthy slices at the bundle's volume_parameters, with calibrate-volumes' volume_gate).
  static const nlohmann::json* calibrationEntry(const nlohmann::json& description,
                                                const std::string& method,
                                                bool wholeVolume = false);
  /// The calibrated value ("fpr_5", "fpr_1", "median") or nullopt.
  static std::optional<double> calibrated(const nlohmann::json& description,
                                          const std::string& method, const char* key,
                                          bool wholeVolume = false);
};

}  // namespace anomadiff::run
