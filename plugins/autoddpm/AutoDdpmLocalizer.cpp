#include "AutoDdpmLocalizer.h"

#include "diffusion/DiffusionParameters.h"
#include "engine/reconstruction/StitchedReconstruction.h"

namespace anomadiff::plugins {

using diffusion::DiffusionParameters;

std::string AutoDdpmLocalizer::summary() const {
  return "AutoDDPM: mask the likely anomalies, stitch, re-sample them from a lower level with "
         "the real context";
}

std::vector<ParameterSpec> AutoDdpmLocalizer::parameters() const {
  return {
      DiffusionParameters::noiseLevel(100),
      DiffusionParameters::steps(20),
      DiffusionParameters::ensemble(4),
      DiffusionParameters::seed(),
      {"resample-level", "Re-sampling level L2",
       "Noise level the stitched image is re-sampled from (at most L); its steps keep the "
       "density K/L",
       1, 999, 50, true},
      {"mask-quantile", "Mask quantile",
       "Brain pixels above this quantile of the first anomaly map are masked and re-sampled", 0.5,
       0.999, 0.95, false},
      {"dilation", "Mask dilation", "Dilation radius of the mask in model pixels", 0, 8, 2, true},
      DiffusionParameters::noiseKind(),
      DiffusionParameters::medianFilter()};
}

engine::Reconstruction AutoDdpmLocalizer::reconstruct(
    const diffusion::LoadedModel& model, const torch::Tensor& slices, const torch::Tensor& masks,
    const LocalizerParameters& parameters, ProgressSink& progress, const CancelToken& cancel) {
  engine::ReconstructionOptions options =
      DiffusionParameters::reconstruction(parameters, engine::ReconstructionOptions{});
  engine::StitchingOptions stitching;
  stitching.resampleLevel = parameters.getInt("resample-level");
  stitching.maskQuantile = parameters.get("mask-quantile");
  stitching.dilation = parameters.getInt("dilation");
  const engine::GuidedModel guided(model.denoiser(denoiserSlot()), model.schedule());
  const engine::StitchedReconstruction autoddpm(guided, options, stitching);
  return autoddpm.run(slices, masks, progress, cancel);
}

}  // namespace anomadiff::plugins
