#pragma once

#include "diffusion/DiffusionLocalizer.h"

namespace anomadiff::plugins {

/// THOR (seed §4, implicit guidance): forward noise to L, then DDIM denoising whose clean-image
/// prediction is pulled back to the input wherever the intermediate anomaly map is low
/// (engine::HarmonizedReconstruction).
class ThorLocalizer final : public diffusion::DiffusionLocalizer {
 public:
  std::string name() const override { return "thor"; }
  std::string summary() const override;
  std::vector<ParameterSpec> parameters() const override;

 protected:
  engine::Reconstruction reconstruct(const diffusion::LoadedModel& model,
                                     const torch::Tensor& slices, const torch::Tensor& masks,
                                     const LocalizerParameters& parameters, ProgressSink& progress,
                                     const CancelToken& cancel) override;
};

}  // namespace anomadiff::plugins
