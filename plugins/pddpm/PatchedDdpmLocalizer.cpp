#include "PatchedDdpmLocalizer.h"

#include "diffusion/DiffusionParameters.h"
#include "engine/reconstruction/PatchedReconstruction.h"

namespace anomadiff::plugins {

using diffusion::DiffusionParameters;

std::string PatchedDdpmLocalizer::summary() const {
  return "pDDPM: one patch at a time noised and predicted back with the rest of the slice as "
         "context, patches stitched";
}

std::vector<ParameterSpec> PatchedDdpmLocalizer::parameters() const {
  return {DiffusionParameters::noiseLevel(100),
          DiffusionParameters::steps(3),
          DiffusionParameters::ensemble(4),
          DiffusionParameters::seed(),
          DiffusionParameters::noiseKind(),
          {"patch", "Patch size", "Side of the noised patch in model pixels", 8, 64, 32, true},
          {"stride", "Patch stride",
           "Distance between patches in model pixels (smaller: more overlap, more passes)", 4, 64,
           16, true},
          DiffusionParameters::score(0),
          DiffusionParameters::polarity(),
          DiffusionParameters::medianFilter()};
}

engine::Reconstruction PatchedDdpmLocalizer::reconstruct(
    const diffusion::LoadedModel& model, const torch::Tensor& slices, const torch::Tensor&,
    const LocalizerParameters& parameters, ProgressSink& progress, const CancelToken& cancel) {
  const engine::ReconstructionOptions options =
      DiffusionParameters::reconstruction(parameters, engine::ReconstructionOptions{});
  const engine::GuidedModel guided(model.denoiser(denoiserSlot()), model.schedule());
  const engine::PatchedReconstruction pddpm(guided, options, parameters.getInt("patch"),
                                            parameters.getInt("stride"));
  return pddpm.run(slices, progress, cancel);
}

}  // namespace anomadiff::plugins
