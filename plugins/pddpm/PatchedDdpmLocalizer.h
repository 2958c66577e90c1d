#pragma once

#include "diffusion/DiffusionLocalizer.h"

namespace anomadiff::plugins {

/// pDDPM (seed §4, patch-based implicit guidance): each patch is noised and predicted back with
/// the rest of the slice as clean context, then the patches are stitched
/// (engine::PatchedReconstruction). Uses the bundle's ε-model (no patch-trained model is
/// shipped yet).
class PatchedDdpmLocalizer final : public diffusion::DiffusionLocalizer {
 public:
  std::string name() const override { return "pddpm"; }
  std::string summary() const override;
  std::vector<ParameterSpec> parameters() const override;

 protected:
  engine::Reconstruction reconstruct(const diffusion::LoadedModel& model,
                                     const torch::Tensor& slices, const torch::Tensor& masks,
                                     const LocalizerParameters& parameters, ProgressSink& progress,
                                     const CancelToken& cancel) override;
};

}  // namespace anomadiff::plugins
