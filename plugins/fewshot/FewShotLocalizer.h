#pragma once

#include "diffusion/DiffusionLocalizer.h"

#include <atomic>

namespace anomadiff::plugins {

/// Semi-supervised localization (seed §5.2; Baranchuk et al. 2022): the decoder features of the
/// bundle's trained ε-UNet, read at a few noise levels (engine::DiffusionFeatures), feed the
/// bundle's `fewshot` pixel classifier, trained on k labelled slices (`anomadiff-cli
/// train-fewshot --cases k`). The map is the mean lesion probability over the levels' heads
/// (timestep ensembling), the variance map their disagreement.
class FewShotLocalizer final : public diffusion::DiffusionLocalizer {
 public:
  std::string name() const override { return "fewshot"; }
  std::string summary() const override;
  std::vector<ParameterSpec> parameters() const override;
  /// The head's weights (the features' UNet is recorded in the head's training entry).
  std::string modelHash() const override;
  void useModel(const std::filesystem::path& bundleFolder) override;
  std::int64_t modelEvaluations() const override;

 protected:
  Output output() const override { return Output::LesionProbability; }
  /// The features come from the head's source UNet, so slices are prepared on its grid.
  std::string inputSlot() const override;
  void requireModelParts(const diffusion::LoadedModel& model) const override;
  engine::Reconstruction reconstruct(const diffusion::LoadedModel& model,
                                     const torch::Tensor& slices, const torch::Tensor& masks,
                                     const LocalizerParameters& parameters, ProgressSink& progress,
                                     const CancelToken& cancel) override;

 private:
  std::atomic<std::int64_t> m_featureEvaluations{0};
};

}  // namespace anomadiff::plugins
