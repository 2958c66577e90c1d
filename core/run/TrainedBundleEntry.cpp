#include "run/TrainedBundleEntry.h"

namespace anomadiff::run {

using nlohmann::json;

void TrainedBundleEntry::dropStaleCalibrations(json& description, const std::string& slot) {
  if (!description.contains("calibration")) return;
  const std::string replaced =
      description.contains(slot) ? description[slot].value("sha256", std::string()) : "";
  auto& calibration = description["calibration"];
  for (auto it = calibration.begin(); it != calibration.end();) {
    // A method without a model records an empty hash: its thresholds never go stale.
    const bool legacy = !it->contains("model_sha256");
    const std::string made = it->value("model_sha256", std::string());
    it = legacy || (!made.empty() && made == replaced) ? calibration.erase(it) : std::next(it);
  }
}

void TrainedBundleEntry::merge(json& description, const std::string& kind, const std::string& file,
                               const json& architecture, const json& training, const json& dataset,
                               int resolution, const std::string& name) {
  const auto& normalization = dataset.at("normalization");
  description["name"] =
      name.empty() ? description.value("name", "colin27-t1-" + std::to_string(resolution) + "px")
                   : name;
  description["modality"] = "T1 MRI";
  const json previousInput = description.value("input", json::object());
  description["input"] = {
      {"resolution", resolution},
      {"channels", 1},
      {"plane", "axial"},
      {"margin", dataset.value("resampling", json::object()).value("margin", 0.05)}};
  const auto source = dataset.value("source", json::object());
  // Datasets made before make-dataset recorded it keep what the bundle already states.
  const json orientation = source.value("orientation", previousInput.value("orientation", json()));
  if (!orientation.is_null()) description["input"]["orientation"] = orientation;
  description["intensity"] = {{"normalization", "percentile"},
                              {"lower_percentile", normalization.at("lower_percentile")},
                              {"upper_percentile", normalization.at("upper_percentile")},
                              {"output", {-1, 1}},
                              {"clip", true},
                              {"background", normalization.value("background", -1.0)}};
  description["classes"] = {"healthy", "anomalous"};
  description[kind] = {{"file", file}, {"architecture", architecture}};
  description["training"][kind] = training;
}

}  // namespace anomadiff::run
