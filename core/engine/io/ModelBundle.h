#pragma once

#include "engine/networks/FewShotHeadConfig.h"
#include "engine/networks/NoisyClassifierNetConfig.h"
#include "engine/networks/UNetConfig.h"
#include "engine/schedule/ScheduleConfig.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace anomadiff::engine {

class UNetDenoiser;
class NoisyClassifierNetAdapter;
class FewShotHeadImpl;

/// A model bundle (docs/ARCHITECTURE.md, contract): a folder with model.json, the class-conditional
/// denoiser.safetensors and/or an unconditional healthy_denoiser.safetensors (trained on healthy
/// anatomy only, for the reconstruction methods), optional classifier.safetensors and
/// MODEL_CARD.md. Loading checks the format version, every
/// architecture field and the sha256 of every weights file before any weight is read, so a
/// swapped or corrupted file is refused with a message naming it.
class ModelBundle {
 public:
  static constexpr int kFormatVersion = 1;
  static constexpr const char* kDescriptionFile = "model.json";
  static constexpr const char* kDenoiserFile = "denoiser.safetensors";
  static constexpr const char* kClassifierFile = "classifier.safetensors";
  /// The two denoiser entries of model.json.
  static constexpr const char* kConditionalSlot = "denoiser";
  static constexpr const char* kHealthySlot = "healthy_denoiser";
  /// An optional second healthy-anatomy model for whole volumes only (model.json
  /// "volume_denoisers"): the volume gate is calibrated per model, and a model that serves slices
  /// better need not keep whole healthy scans free of boxes.
  static constexpr const char* kVolumeSlot = "volume_denoiser";
  /// Mask-diffusion UNets (image-conditioned, 2 input channels) of the segmentation methods:
  /// Gaussian (`diffseg`) and Bernoulli (`bernoulli`).
  static constexpr const char* kSegmenterSlot = "segmenter";
  static constexpr const char* kBernoulliSegmenterSlot = "bernoulli_segmenter";
  /// The `fewshot` method's pixel classifier over another entry's features.
  static constexpr const char* kFewShotEntry = "fewshot";
  /// Every UNet entry a bundle may hold, in load order.
  static const std::vector<std::string>& unetSlots();

  /// Throws IoError (missing/corrupt/hash mismatch) or InvalidArgument (bad description).
  static ModelBundle load(const std::filesystem::path& folder);

  const std::filesystem::path& folder() const { return m_folder; }
  std::string name() const;
  const ScheduleConfig& schedule() const { return m_schedule; }
  /// The class-conditional denoiser's architecture (the healthy one's when it is the only one).
  const UNetConfig& denoiserConfig() const { return *denoiserConfig(primarySlot()); }
  /// nullopt when the bundle has no such entry.
  const std::optional<UNetConfig>& denoiserConfig(const std::string& slot) const;
  bool hasDenoiser(const std::string& slot) const { return denoiserConfig(slot).has_value(); }
  /// A denoiser of images (one input channel), not a mask segmenter.
  bool hasImageDenoiser(const std::string& slot) const {
    return hasDenoiser(slot) && denoiserConfig(slot)->inChannels == 1;
  }
  /// kConditionalSlot when present, else kHealthySlot.
  std::string primarySlot() const;
  /// The slot a method's reconstructions use: for a whole volume (in the template's space)
  /// model.json's "volume_denoisers"[method] when given; else "method_denoisers"[method] when
  /// given, else the healthy denoiser for methods without guidance when the bundle has one,
  /// else the primary slot.
  std::string slotForMethod(const std::string& method, bool guided, bool wholeVolume = false) const;
  /// Whether a slot holds a model of healthy anatomy read alone (healthy or volume denoiser), which
  /// may work at its own resolution.
  static bool standsAlone(const std::string& slot);
  const std::optional<NoisyClassifierNetConfig>& classifierConfig() const {
    return m_classifierConfig;
  }
  /// nullopt when the bundle has no `fewshot` head.
  const std::optional<FewShotHeadConfig>& fewShotConfig() const { return m_fewShotConfig; }
  std::vector<std::string> classNames() const;
  /// Index of the "healthy" class that guidance steers towards.
  std::int64_t healthyClass() const;
  /// Image side of the models without a resolution of their own (`input.resolution`).
  int resolution() const;
  /// Image side the slot's model was trained at: its entry's `resolution` when it states one
  /// (a healthy denoiser may work at another size than the rest), else resolution().
  int resolution(const std::string& slot) const { return resolutionOf(m_description, slot); }
  /// The same rule on a description not (yet) loaded as a bundle (`train` checks one).
  static int resolutionOf(const nlohmann::json& description, const std::string& slot);
  std::string denoiserSha256() const { return denoiserSha256(primarySlot()); }
  std::string denoiserSha256(const std::string& slot) const;
  /// The whole model.json, for fields other layers read (intensity, calibration, defaults).
  const nlohmann::json& description() const { return m_description; }

  std::unique_ptr<UNetDenoiser> createDenoiser() const;
  /// Throws InvalidArgument when the bundle has no such denoiser.
  std::unique_ptr<UNetDenoiser> createDenoiser(const std::string& slot) const;
  /// Throws InvalidArgument when the bundle has no classifier.
  std::unique_ptr<NoisyClassifierNetAdapter> createClassifier() const;
  /// The `fewshot` head in eval mode; throws InvalidArgument when the bundle has none.
  std::shared_ptr<FewShotHeadImpl> createFewShotHead() const;

  /// Writes model.json atomically into `folder` (the weights must already be there); fills in
  /// the sha256 of each weights file.
  static void writeDescription(const std::filesystem::path& folder, nlohmann::json description);

 private:
  void verifyWeights(const char* key) const;
  /// model.json's `map`[method] ("method_denoisers", "volume_denoisers"), checked to be an image
  /// denoiser of the bundle; nullopt when the map does not name the method.
  std::optional<std::string> assignedSlot(const char* map, const std::string& method) const;
  /// The fewshot head must read an image UNet of the bundle whose decoder and weights are the
  /// ones it was trained on: a retrained source leaves the head stale.
  void checkFewShotSource() const;

  std::filesystem::path m_folder;
  nlohmann::json m_description;
  ScheduleConfig m_schedule;
  std::map<std::string, std::optional<UNetConfig>> m_unetConfigs;  // one per unetSlots() entry
  std::optional<NoisyClassifierNetConfig> m_classifierConfig;
  std::optional<FewShotHeadConfig> m_fewShotConfig;
};

}  // namespace anomadiff::engine
