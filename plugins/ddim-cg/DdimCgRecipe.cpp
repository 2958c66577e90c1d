#include "diffusion/DiffusionParameters.h"
#include "diffusion/ReconstructionLocalizer.h"

namespace anomadiff::plugins::ddim_cg {

using diffusion::DiffusionParameters;
using diffusion::ReconstructionRecipe;

/// The recipe of "ddim-cg" (its factory is generated: plugins/ddim-cg/CMakeLists.txt).
ReconstructionRecipe recipe() {
  ReconstructionRecipe recipe;
  recipe.name = "ddim-cg";
  recipe.summary =
      "Wolleb et al.: DDIM encoding to L, DDIM decoding with the noisy "
      "classifier's gradient towards healthy (scale s)";
  recipe.guidance = ReconstructionRecipe::Guidance::Classifier;
  recipe.base.encoder = engine::ReconstructionOptions::Encoder::Ddim;
  recipe.base.sampler = "ddim";
  // L = 250, s = 6: the best pixel AP on the validation lesions (z 84-91) over L 150-500 and
  // s 0-40 with the shipped cell-head classifier; larger s moves healthy tissue too.
  recipe.parameters = {
      DiffusionParameters::noiseLevel(250),
      DiffusionParameters::steps(25),
      DiffusionParameters::guidanceScale(
          6, 200, "Classifier gradient scale s: how hard decoding is pushed towards healthy"),
      DiffusionParameters::ensemble(1),
      DiffusionParameters::seed(),
      DiffusionParameters::medianFilter()};
  return recipe;
}

}  // namespace anomadiff::plugins::ddim_cg
