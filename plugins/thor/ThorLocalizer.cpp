#include "ThorLocalizer.h"

#include "diffusion/DiffusionParameters.h"
#include "engine/reconstruction/HarmonizedReconstruction.h"

namespace anomadiff::plugins {

using diffusion::DiffusionParameters;

std::string ThorLocalizer::summary() const {
  return "THOR implicit guidance: denoising harmonized towards the input through intermediate "
         "anomaly maps";
}

std::vector<ParameterSpec> ThorLocalizer::parameters() const {
  return {DiffusionParameters::noiseLevel(100),
          DiffusionParameters::steps(25),
          DiffusionParameters::ensemble(4),
          DiffusionParameters::seed(),
          {"smoothing", "Map smoothing",
           "Gaussian sigma (model pixels) of the intermediate anomaly maps that decide where the "
           "reconstruction may leave the input",
           0, 8, 0.5, false},
          DiffusionParameters::noiseKind(),
          DiffusionParameters::medianFilter()};
}

engine::Reconstruction ThorLocalizer::reconstruct(
    const diffusion::LoadedModel& model, const torch::Tensor& slices, const torch::Tensor& masks,
    const LocalizerParameters& parameters, ProgressSink& progress, const CancelToken& cancel) {
  engine::ReconstructionOptions options =
      DiffusionParameters::reconstruction(parameters, engine::ReconstructionOptions{});
  const engine::GuidedModel guided(model.denoiser(denoiserSlot()), model.schedule());
  const engine::HarmonizedReconstruction thor(guided, options, parameters.get("smoothing"));
  return thor.run(slices, masks, progress, cancel);
}

}  // namespace anomadiff::plugins
