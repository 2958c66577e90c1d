#include "BernoulliLocalizer.h"

#include "diffusion/DiffusionParameters.h"
#include "engine/segmentation/BernoulliMaskSampler.h"

namespace anomadiff::plugins {

using diffusion::DiffusionParameters;

std::string BernoulliLocalizer::summary() const {
  return "Bernoulli diffusion over the lesion mask: score = the model's lesion probability";
}

std::vector<ParameterSpec> BernoulliLocalizer::parameters() const {
  return {DiffusionParameters::steps(10),
          DiffusionParameters::ensemble(5),
          DiffusionParameters::seed(),
          {"mask-threshold", "Mask threshold",
           "Pixels scored below this are resampled as healthy; only higher-score regions keep "
           "being resampled (0: off)",
           0.0, 0.9, 0.0, false},
          DiffusionParameters::medianFilter()};
}

engine::Reconstruction BernoulliLocalizer::reconstruct(
    const diffusion::LoadedModel& model, const torch::Tensor& slices, const torch::Tensor& masks,
    const LocalizerParameters& parameters, ProgressSink& progress, const CancelToken& cancel) {
  const engine::BernoulliMaskSampler sampler(model.denoiser(requiredSlot()), model.schedule(),
                                             DiffusionParameters::maskSampling(parameters));
  return sampler.sample(slices, masks, progress, cancel);
}

}  // namespace anomadiff::plugins
