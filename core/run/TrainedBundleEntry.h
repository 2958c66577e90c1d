#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace anomadiff::run {

/// Merges a trained model into a bundle's description (model.json, docs/ARCHITECTURE.md §4.1):
/// its entry, its training record, and the input, intensity and schedule conventions from the
/// dataset; the bundle's other model entries stay.
class TrainedBundleEntry {
 public:
  /// Thresholds made with the model in `slot` no longer apply once it is retrained; those made
  /// with another slot's model (they record its sha256) stay, and so do those of model-free
  /// methods (an empty hash). Old entries without a hash go too.
  static void dropStaleCalibrations(nlohmann::json& description, const std::string& slot);

  /// Writes `kind`'s entry (`file`, `architecture`, `resolution`) and `training` record, and
  /// the conventions of `dataset` (make-dataset's dataset.json); `input.resolution` changes only
  /// when the bundle holds no other model. `name` empty keeps the bundle's
  /// name or derives one from the resolution.
  static void merge(nlohmann::json& description, const std::string& kind, const std::string& file,
                    const nlohmann::json& architecture, const nlohmann::json& training,
                    const nlohmann::json& dataset, int resolution, const std::string& name);
};

}  // namespace anomadiff::run
