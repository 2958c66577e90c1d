#include "diffusion/DiffusionParameters.h"
#include "diffusion/ReconstructionLocalizer.h"

namespace anomadiff::plugins::ddim_cfg {

using diffusion::DiffusionParameters;
using diffusion::ReconstructionRecipe;

/// The recipe of "ddim-cfg" (its factory is generated: plugins/ddim-cfg/CMakeLists.txt).
ReconstructionRecipe recipe() {
  ReconstructionRecipe recipe;
  recipe.name = "ddim-cfg";
  recipe.summary =
      "classifier-free guidance towards healthy: noise to L, DDIM decoding with "
      "eps_null + w (eps_healthy - eps_null)";
  recipe.guidance = ReconstructionRecipe::Guidance::ClassifierFree;
  recipe.base.encoder = engine::ReconstructionOptions::Encoder::ForwardNoise;
  recipe.base.sampler = "ddim";
  recipe.parameters = {
      DiffusionParameters::noiseLevel(250),
      DiffusionParameters::steps(25),
      DiffusionParameters::guidanceScale(
          2, 10, "Classifier-free weight w: 0 unconditional, 1 plain healthy model, > 1 stronger"),
      DiffusionParameters::ensemble(8),
      DiffusionParameters::seed(),
      DiffusionParameters::encoder(),
      DiffusionParameters::medianFilter()};
  return recipe;
}

}  // namespace anomadiff::plugins::ddim_cfg
