#include "DiffSegLocalizer.h"

#include "diffusion/DiffusionParameters.h"
#include "engine/segmentation/GaussianMaskSampler.h"

namespace anomadiff::plugins {

using diffusion::DiffusionParameters;

std::string DiffSegLocalizer::summary() const {
  return "supervised diffusion segmentation: N lesion masks sampled from noise, image-conditioned";
}

std::vector<ParameterSpec> DiffSegLocalizer::parameters() const {
  return {DiffusionParameters::steps(10), DiffusionParameters::ensemble(5),
          DiffusionParameters::seed(), DiffusionParameters::medianFilter()};
}

engine::Reconstruction DiffSegLocalizer::reconstruct(
    const diffusion::LoadedModel& model, const torch::Tensor& slices, const torch::Tensor& masks,
    const LocalizerParameters& parameters, ProgressSink& progress, const CancelToken& cancel) {
  const engine::GaussianMaskSampler sampler(model.denoiser(requiredSlot()), model.schedule(),
                                            DiffusionParameters::maskSampling(parameters));
  return sampler.sample(slices, masks, progress, cancel);
}

}  // namespace anomadiff::plugins
