#include "diffusion/DiffusionParameters.h"
#include "diffusion/ReconstructionLocalizer.h"

namespace anomadiff::plugins::anoddpm {

using diffusion::DiffusionParameters;
using diffusion::ReconstructionRecipe;

/// The recipe of "anoddpm" (its factory is generated: plugins/anoddpm/CMakeLists.txt): Wyatt et
/// al.'s AnoDDPM as first published — simplex-like noise, which hides larger anomalies than
/// Gaussian noise at the same L, and ancestral DDPM steps back to the image.
ReconstructionRecipe recipe() {
  ReconstructionRecipe recipe;
  recipe.name = "anoddpm";
  recipe.summary =
      "AnoDDPM (Wyatt et al. 2022): coarse, simplex-like noise to L, ancestral DDPM denoising";
  recipe.base.encoder = engine::ReconstructionOptions::Encoder::ForwardNoise;
  recipe.base.sampler = "ddpm";
  recipe.parameters = {DiffusionParameters::noiseLevel(250),
                       DiffusionParameters::steps(25),
                       DiffusionParameters::ensemble(4),
                       DiffusionParameters::seed(),
                       DiffusionParameters::noiseKind(engine::NoiseGenerator::Kind::Coarse),
                       DiffusionParameters::polarity(),
                       DiffusionParameters::medianFilter()};
  return recipe;
}

}  // namespace anomadiff::plugins::anoddpm
