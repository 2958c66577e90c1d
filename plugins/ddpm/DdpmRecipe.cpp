#include "diffusion/DiffusionParameters.h"
#include "diffusion/ReconstructionLocalizer.h"

namespace anomadiff::plugins::ddpm {

using diffusion::DiffusionParameters;
using diffusion::ReconstructionRecipe;

/// The recipe of "ddpm" (its factory is generated: plugins/ddpm/CMakeLists.txt).
ReconstructionRecipe recipe() {
  ReconstructionRecipe recipe;
  recipe.name = "ddpm";
  recipe.summary = "AnoDDPM-style partial diffusion: forward noise to L, unguided denoising";
  recipe.base.encoder = engine::ReconstructionOptions::Encoder::ForwardNoise;
  recipe.base.sampler = "ddim";
  recipe.parameters = {DiffusionParameters::noiseLevel(100), DiffusionParameters::steps(25),
                       DiffusionParameters::ensemble(8),     DiffusionParameters::seed(),
                       DiffusionParameters::noiseKind(),     DiffusionParameters::sampler(),
                       DiffusionParameters::score(0),        DiffusionParameters::polarity(),
                       DiffusionParameters::medianFilter(),  DiffusionParameters::levelSpread()};
  return recipe;
}

}  // namespace anomadiff::plugins::ddpm
