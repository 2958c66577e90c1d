#include "run/FindingGateChoice.h"

#include "common/Error.h"
#include "run/NumberText.h"
#include "run/ThresholdChoice.h"

#include <cmath>
#include <optional>

namespace anomadiff::run {
namespace {

std::optional<double> finiteNumber(const std::string& text) {
  const auto value = parseNumber(text);
  if (value && std::isfinite(*value)) return value;
  return std::nullopt;
}

/// "STAT:VALUE", e.g. "mass:2.5".
FindingGateChoice userGate(const std::string& text) {
  const auto colon = text.find(':');
  std::optional<double> value;
  if (colon != std::string::npos) value = finiteNumber(text.substr(colon + 1));
  if (!value) {
    throw InvalidArgument("--finding-gate '" + text +
                          "' is not auto, none or STAT:VALUE (STAT: mean, peak or mass)");
  }
  try {
    return {BoxGate(BoxGate::statisticNamed(text.substr(0, colon)), *value), "user"};
  } catch (const InvalidArgument& error) {
    throw InvalidArgument("--finding-gate '" + text + "': " + error.what());
  }
}

FindingGateChoice userPeak(const std::string& text) {
  if (text == "none") return {};
  if (const auto value = finiteNumber(text)) {
    return {BoxGate(BoxGate::Statistic::Peak, *value), "user"};
  }
  throw InvalidArgument("--finding-peak '" + text + "' is not auto, none or a number");
}

/// The calibrated gate object `key` ("box_gate", "volume_gate") of `method`, when the bundle
/// has one.
std::optional<BoxGate> calibratedGate(const nlohmann::json& description, const std::string& method,
                                      const char* key, bool wholeVolume = false) {
  const auto* entry = ThresholdChoice::calibrationEntry(description, method, wholeVolume);
  if (entry == nullptr || !entry->contains(key)) return std::nullopt;
  try {
    return BoxGate::fromJson((*entry)[key].dump());
  } catch (const InvalidArgument& error) {
    throw InvalidArgument("model.json calibration of '" + method + "': " + error.what());
  }
}

}  // namespace

FindingGateChoice FindingGateChoice::resolve(const std::string& gateText,
                                             const std::string& peakText,
                                             const nlohmann::json& description,
                                             const std::string& method, bool volume) {
  if (gateText != "auto" && peakText != "auto") {
    throw InvalidArgument("give --finding-gate or --finding-peak, not both");
  }
  if (gateText == "none") return {};
  if (gateText != "auto") return userGate(gateText);
  if (peakText != "auto") return userPeak(peakText);
  if (volume) {
    if (const auto gate = calibratedGate(description, method, "volume_gate", true)) {
      return {*gate, kCalibratedVolumeGate};
    }
  }
  if (const auto gate = calibratedGate(description, method, "box_gate")) {
    return {*gate, kCalibratedGate};
  }
  if (const auto peak = ThresholdChoice::calibrated(description, method, "peak_5")) {
    return {BoxGate(BoxGate::Statistic::Peak, *peak), kCalibratedPeak};
  }
  return {};
}

}  // namespace anomadiff::run
