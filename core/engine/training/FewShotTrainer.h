#pragma once

#include "engine/networks/FewShotHead.h"
#include "engine/schedule/NoiseSchedule.h"
#include "engine/segmentation/DiffusionFeatures.h"
#include "engine/training/ModelTrainer.h"

#include <memory>

namespace anomadiff::engine {

class UNetImpl;

/// Trains the `fewshot` pixel classifier (seed §5.2) on a few labelled slices: the frozen
/// source UNet gives DiffusionFeatures at the configured levels, each level's head is trained
/// with a lesion-weighted binary cross-entropy against the exact lesion mask. Only the head
/// learns; AdamW, EMA, checkpoints and determinism come from ModelTrainer.
class FewShotTrainer final : public ModelTrainer {
 public:
  /// `source` (the bundle's trained ε-UNet) must outlive the trainer. `config.featureChannels`
  /// is filled in from it. Throws InvalidArgument for a bad config.
  FewShotTrainer(FewShotHeadConfig config, std::shared_ptr<UNetImpl> source,
                 const NoiseSchedule& schedule, TrainingOptions options);
  ~FewShotTrainer() override;

  std::shared_ptr<FewShotHeadImpl> emaModel() const { return m_ema; }
  const FewShotHeadConfig& config() const { return m_config; }

  /// Lesion pixels are few (≈ 2 % of a slice): their loss counts this many times.
  static constexpr double kLesionWeight = 5.0;

 private:
  torch::Tensor loss(const TrainingBatch& batch) override;

  FewShotHeadConfig m_config;
  std::shared_ptr<UNetImpl> m_source;
  std::unique_ptr<DiffusionFeatures> m_features;
  std::shared_ptr<FewShotHeadImpl> m_model;
  std::shared_ptr<FewShotHeadImpl> m_ema;
};

}  // namespace anomadiff::engine
