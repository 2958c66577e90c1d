#pragma once

#include "diffusion/DiffusionLocalizer.h"

namespace anomadiff::plugins {

/// Supervised diffusion segmentation (seed §5.1: Palette / SegDiff / MedSegDiff): the bundle's
/// `segmenter` UNet denoises the lesion mask conditioned on the image; N masks are sampled from
/// noise in K respaced DDIM steps (engine::GaussianMaskSampler). Their mean lesion probability
/// is the anomaly map, their variance the uncertainty map. Trained on the generator's lesions
/// with exact masks (`anomadiff-cli train-segmenter --diffusion gaussian`).
class DiffSegLocalizer final : public diffusion::DiffusionLocalizer {
 public:
  std::string name() const override { return "diffseg"; }
  std::string summary() const override;
  std::vector<ParameterSpec> parameters() const override;

 protected:
  Output output() const override { return Output::LesionProbability; }
  std::string requiredSlot() const override { return "segmenter"; }
  engine::Reconstruction reconstruct(const diffusion::LoadedModel& model,
                                     const torch::Tensor& slices, const torch::Tensor& masks,
                                     const LocalizerParameters& parameters, ProgressSink& progress,
                                     const CancelToken& cancel) override;
};

}  // namespace anomadiff::plugins
