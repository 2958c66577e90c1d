#pragma once

#include <nlohmann/json.hpp>

#include <limits>
#include <optional>
#include <string>

namespace anomadiff::cli {

/// The smallest peak score a component needs to become a finding, and where it came from.
/// The bundle's calibration stores "peak_5" per method: the 95th percentile, over held-out
/// healthy slices, of each slice's highest anomaly score — with it at most ~5 % of healthy
/// slices get any box, whatever the pixel threshold.
struct FindingPeakChoice {
  std::optional<double> value;  ///< nullopt: every component above the pixel threshold
  std::string source;           ///< "calibrated-95%-healthy-slices", "user", "none"

  /// The value for ComponentBoxFinder: −∞ (every component) when there is none.
  double minimumPeak() const { return value.value_or(-std::numeric_limits<double>::infinity()); }

  /// `text`: "auto" (the calibrated value when the bundle has one for `method`, else none),
  /// "none", or a number. Throws InvalidArgument for anything else.
  static FindingPeakChoice resolve(const std::string& text, const nlohmann::json& description,
                                   const std::string& method);
};

}  // namespace anomadiff::cli
