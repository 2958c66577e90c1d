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

namespace {

/// `input.resolution` is the size of the entries that state none (bundles made before entries
/// recorded theirs): it stays while the bundle holds another model, else it is this one's.
int sharedResolution(const json& description, const std::string& kind, int resolution) {
  const json input = description.value("input", json::object());
  if (!input.contains("resolution")) return resolution;
  for (const auto& [slot, entry] : description.items()) {
    const bool isModel = entry.is_object() && entry.contains("file") && entry.contains("sha256");
    if (slot != kind && isModel) return input.at("resolution").get<int>();
  }
  return resolution;
}

}  // namespace

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
      {"resolution", sharedResolution(description, kind, resolution)},
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
  description[kind] = {{"file", file}, {"architecture", architecture}, {"resolution", resolution}};
  description["training"][kind] = training;
}

}  // namespace anomadiff::run
