#pragma once

#include "engine/NoisyClassifierNetConfig.h"
#include "engine/ScheduleConfig.h"
#include "engine/UNetConfig.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace anomadiff::engine {

class UNetDenoiser;
class NoisyClassifierNetAdapter;

/// A model bundle (DESIGN.md §4, contract): a folder with model.json, denoiser.safetensors,
/// optional classifier.safetensors and MODEL_CARD.md. Loading checks the format version, every
/// architecture field and the sha256 of every weights file before any weight is read, so a
/// swapped or corrupted file is refused with a message naming it.
class ModelBundle {
 public:
  static constexpr int kFormatVersion = 1;
  static constexpr const char* kDescriptionFile = "model.json";
  static constexpr const char* kDenoiserFile = "denoiser.safetensors";
  static constexpr const char* kClassifierFile = "classifier.safetensors";

  /// Throws IoError (missing/corrupt/hash mismatch) or InvalidArgument (bad description).
  static ModelBundle load(const std::filesystem::path& folder);

  const std::filesystem::path& folder() const { return m_folder; }
  std::string name() const;
  const ScheduleConfig& schedule() const { return m_schedule; }
  const UNetConfig& denoiserConfig() const { return m_denoiserConfig; }
  const std::optional<NoisyClassifierNetConfig>& classifierConfig() const {
    return m_classifierConfig;
  }
  std::vector<std::string> classNames() const;
  /// Index of the "healthy" class that guidance steers towards.
  std::int64_t healthyClass() const;
  /// Image side the models were trained at.
  int resolution() const;
  std::string denoiserSha256() const;
  /// The whole model.json, for fields other layers read (intensity, calibration, defaults).
  const nlohmann::json& description() const { return m_description; }

  std::unique_ptr<UNetDenoiser> createDenoiser() const;
  /// Throws InvalidArgument when the bundle has no classifier.
  std::unique_ptr<NoisyClassifierNetAdapter> createClassifier() const;

  /// Writes model.json atomically into `folder` (the weights must already be there); fills in
  /// the sha256 of each weights file.
  static void writeDescription(const std::filesystem::path& folder, nlohmann::json description);

 private:
  void verifyWeights(const char* key) const;

  std::filesystem::path m_folder;
  nlohmann::json m_description;
  ScheduleConfig m_schedule;
  UNetConfig m_denoiserConfig;
  std::optional<NoisyClassifierNetConfig> m_classifierConfig;
};

}  // namespace anomadiff::engine
