#include "run/ThresholdChoice.h"

#include "run/NumberText.h"

#include "common/Error.h"
#include "localize/OtsuThreshold.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <vector>

namespace anomadiff::run {
namespace {

std::string formatNumber(double value) {
  std::ostringstream text;
  text << value;  // 100, 0.95, 2e-05: short and exact enough for a message
  return text.str();
}

double otsuInside(const Image& anomaly, const Image& brain) {
  std::vector<float> scores;
  for (std::size_t i = 0; i < anomaly.voxelCount(); ++i) {
    if (brain.voxels()[i] > 0.0f) scores.push_back(anomaly.voxels()[i]);
  }
  return OtsuThreshold::of(scores);
}

ThresholdChoice requireCalibrated(const nlohmann::json& description, const std::string& method,
                                  const char* key, const char* source, bool wholeVolume) {
  const auto value = ThresholdChoice::calibrated(description, method, key, wholeVolume);
  if (!value) {
    throw InvalidArgument("the model bundle has no calibrated threshold for method '" + method +
                          "' (run `anomadiff-cli calibrate`, or give --threshold VALUE|otsu)");
  }
  return {*value, source};
}

}  // namespace

const nlohmann::json* ThresholdChoice::calibrationEntry(const nlohmann::json& description,
                                                        const std::string& method,
                                                        bool wholeVolume) {
  if (!description.is_object() || !description.contains("calibration")) return nullptr;
  const auto& calibration = description["calibration"];
  if (!calibration.is_object() || !calibration.contains(method)) return nullptr;
  const auto& entry = calibration[method];
  if (!entry.is_object()) return nullptr;
  if (wholeVolume && entry.contains("volume") && entry["volume"].is_object()) {
    return &entry["volume"];
  }
  return &entry;
}

std::optional<double> ThresholdChoice::calibrated(const nlohmann::json& description,
                                                  const std::string& method, const char* key,
                                                  bool wholeVolume) {
  const auto* entry = calibrationEntry(description, method, wholeVolume);
  if (entry == nullptr || !entry->contains(key)) return std::nullopt;
  return (*entry)[key].get<double>();
}

std::string ThresholdChoice::calibrationMismatch(const nlohmann::json& description,
                                                 const std::string& method,
                                                 const std::map<std::string, double>& used,
                                                 const std::string& modelHash, bool wholeVolume) {
  const auto* entry = calibrationEntry(description, method, wholeVolume);
  if (entry == nullptr) return "";
  std::string differences;
  // A threshold made with other weights (e.g. before the method moved to the healthy-anatomy
  // denoiser) says nothing about this model's scores.
  const std::string madeWith = entry->value("model_sha256", std::string());
  if (!madeWith.empty() && !modelHash.empty() && madeWith != modelHash) {
    differences = "model " + madeWith.substr(0, 8) + " → " + modelHash.substr(0, 8);
  }
  if (!entry->contains("parameters")) return differences;
  const auto& made = (*entry)["parameters"];
  for (const auto& [name, value] : used) {
    if (name == "seed" || !made.contains(name)) continue;
    const double before = made[name].get<double>();
    if (std::fabs(before - value) <= 1e-9 * std::max(1.0, std::fabs(value))) continue;
    differences += (differences.empty() ? "" : "; ") + name + " " + formatNumber(before) + " → " +
                   formatNumber(value);
  }
  return differences;
}

void ThresholdChoice::markStale(const std::string& mismatch) {
  if (mismatch.empty() || source.rfind("calibrated", 0) != 0) return;
  source = "uncalibrated (" + source + " of other parameters: " + mismatch + ")";
}

ThresholdChoice ThresholdChoice::resolve(const std::string& text, const nlohmann::json& description,
                                         const std::string& method, const Image& anomaly,
                                         const Image& brain, bool wholeVolume) {
  if (text == "auto") {
    if (const auto value = calibrated(description, method, "fpr_5", wholeVolume)) {
      return {*value, "calibrated-5%-fpr"};
    }
    return {otsuInside(anomaly, brain), "otsu"};
  }
  if (text == "fpr5") {
    return requireCalibrated(description, method, "fpr_5", "calibrated-5%-fpr", wholeVolume);
  }
  if (text == "fpr1") {
    return requireCalibrated(description, method, "fpr_1", "calibrated-1%-fpr", wholeVolume);
  }
  if (text == "otsu") return {otsuInside(anomaly, brain), "otsu"};
  if (const auto value = parseNumber(text); value && std::isfinite(*value)) {
    return {*value, "user"};
  }
  throw InvalidArgument("--threshold '" + text + "' is not auto, fpr5, fpr1, otsu or a number");
}

}  // namespace anomadiff::run
