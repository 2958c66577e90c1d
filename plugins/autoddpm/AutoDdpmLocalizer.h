#pragma once

#include "diffusion/DiffusionLocalizer.h"

namespace anomadiff::plugins {

/// AutoDDPM (seed §4, implicit guidance): reconstruct, mask the likely anomalies, stitch them
/// into the input and re-sample the masked region from a lower level with the real context
/// (engine::StitchedReconstruction).
class AutoDdpmLocalizer final : public diffusion::DiffusionLocalizer {
 public:
  std::string name() const override { return "autoddpm"; }
  std::string summary() const override;
  std::vector<ParameterSpec> parameters() const override;

 protected:
  engine::Reconstruction reconstruct(const diffusion::LoadedModel& model,
                                     const torch::Tensor& slices, const torch::Tensor& masks,
                                     const LocalizerParameters& parameters, ProgressSink& progress,
                                     const CancelToken& cancel) override;
};

}  // namespace anomadiff::plugins
