#pragma once

#include "engine/io/ModelBundle.h"
#include "engine/reconstruction/EncodeCache.h"
#include "engine/sampling/CountingDenoiser.h"
#include "engine/sampling/Denoiser.h"
#include "engine/schedule/NoiseSchedule.h"

#include <filesystem>
#include <map>
#include <memory>
#include <string>

namespace anomadiff::engine {
class UNetImpl;
class FewShotHeadImpl;
}  // namespace anomadiff::engine

namespace anomadiff::diffusion {

/// A model bundle loaded for inference: its description, denoiser(s), optional classifier and
/// schedule, kept together because the guided model holds references into them. A bundle may
/// hold a class-conditional denoiser and an unconditional healthy-anatomy one; each method asks
/// for its slot (ModelBundle::slotForMethod).
class LoadedModel {
 public:
  /// Throws IoError / InvalidArgument from ModelBundle::load naming the problem.
  static std::shared_ptr<LoadedModel> load(const std::filesystem::path& folder);

  const engine::ModelBundle& bundle() const { return m_bundle; }
  /// The primary (class-conditional when present) denoiser.
  engine::Denoiser& denoiser() const { return denoiser(m_bundle.primarySlot()); }
  /// Throws InvalidArgument when the bundle has no such slot.
  engine::Denoiser& denoiser(const std::string& slot) const;
  /// Images all denoisers have evaluated since loading (for NFE measurements).
  std::int64_t denoiserEvaluations() const;
  /// The UNet behind a slot's denoiser, for methods that read its features (`fewshot`); its
  /// evaluations are not counted by denoiserEvaluations(). Throws InvalidArgument without it.
  engine::UNetImpl& network(const std::string& slot) const;
  /// nullptr when the bundle has no `fewshot` head.
  engine::FewShotHeadImpl* fewShotHead() const { return m_fewShotHead.get(); }
  /// nullptr when the bundle has no classifier.
  engine::NoisyClassifier* classifier() const { return m_classifier.get(); }
  const engine::NoiseSchedule& schedule() const { return m_schedule; }
  std::int64_t healthyClass() const { return m_bundle.healthyClass(); }
  /// DDIM encodings by this model's denoiser, kept across jobs on the same loaded model (the
  /// worker's s-slider changes reuse them).
  engine::EncodeCache& encodeCache() const { return *m_encodeCache; }
  /// Installs (or, with an empty function, removes) an observer of every denoiser evaluation.
  void observeDenoiser(const engine::CountingDenoiser::Observer& observer) const;

 private:
  explicit LoadedModel(engine::ModelBundle bundle);

  engine::ModelBundle m_bundle;
  std::map<std::string, std::unique_ptr<engine::CountingDenoiser>> m_denoisers;
  std::map<std::string, engine::UNetImpl*> m_networks;  // owned by the denoisers
  std::shared_ptr<engine::FewShotHeadImpl> m_fewShotHead;
  std::unique_ptr<engine::NoisyClassifier> m_classifier;
  engine::NoiseSchedule m_schedule;
  std::unique_ptr<engine::EncodeCache> m_encodeCache = std::make_unique<engine::EncodeCache>();
};

}  // namespace anomadiff::diffusion
