#include "cli/FindingPeakChoice.h"

#include "cli/NumberText.h"
#include "cli/ThresholdChoice.h"
#include "common/Error.h"

#include <cmath>

namespace anomadiff::cli {

FindingPeakChoice FindingPeakChoice::resolve(const std::string& text,
                                             const nlohmann::json& description,
                                             const std::string& method) {
  if (text == "auto") {
    if (const auto value = ThresholdChoice::calibrated(description, method, "peak_5")) {
      return {*value, "calibrated-95%-healthy-slices"};
    }
    return {std::nullopt, "none"};
  }
  if (text == "none") return {std::nullopt, "none"};
  if (const auto value = parseNumber(text); value && std::isfinite(*value)) {
    return {*value, "user"};
  }
  throw InvalidArgument("--finding-peak '" + text + "' is not auto, none or a number");
}

}  // namespace anomadiff::cli
