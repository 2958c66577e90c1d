#include "diffusion/ReconstructionLocalizer.h"

#include "common/Error.h"
#include "diffusion/DiffusionParameters.h"
#include "engine/sampling/ClassifierGuidance.h"

#include <torch/torch.h>

namespace anomadiff::diffusion {

using engine::ReconstructionOptions;

ReconstructionLocalizer::ReconstructionLocalizer(ReconstructionRecipe recipe)
    : m_recipe(std::move(recipe)) {}

ReconstructionOptions ReconstructionLocalizer::options(
    const LocalizerParameters& parameters) const {
  return DiffusionParameters::reconstruction(parameters, m_recipe.base);
}

engine::Reconstruction ReconstructionLocalizer::reconstruct(
    const LoadedModel& model, const torch::Tensor& slices, const torch::Tensor& masks,
    const LocalizerParameters& parameters, ProgressSink& progress, const CancelToken& cancel) {
  engine::Denoiser& denoiser = model.denoiser(denoiserSlot());
  engine::GuidedModel guided(denoiser, model.schedule());
  const double scale = parameters.has("guidance-scale") ? parameters.get("guidance-scale") : 0.0;
  std::unique_ptr<engine::ClassifierGuidance> classifierGuidance;
  if (m_recipe.guidance == ReconstructionRecipe::Guidance::Classifier) {
    if (model.classifier() == nullptr) {
      throw InvalidArgument("method '" + name() + "' needs a bundle with a noisy classifier; '" +
                            model.bundle().name() + "' has none");
    }
    classifierGuidance = std::make_unique<engine::ClassifierGuidance>(*model.classifier(),
                                                                      model.healthyClass(), scale);
    guided.setClassifierGuidance(classifierGuidance.get());
  } else if (m_recipe.guidance == ReconstructionRecipe::Guidance::ClassifierFree) {
    if (!denoiser.isClassConditional()) {
      throw InvalidArgument("method '" + name() + "' needs a class-conditional denoiser; '" +
                            model.bundle().name() + "' is unconditional");
    }
    guided.setClassifierFree(engine::ClassifierFreeGuidance{model.healthyClass(), scale});
  }
  engine::ReconstructionPipeline pipeline(guided, options(parameters));
  pipeline.setEncodeCache(&model.encodeCache());
  return pipeline.run(slices, progress, cancel);
}

}  // namespace anomadiff::diffusion
