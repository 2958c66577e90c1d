#pragma once

#include "diffusion/DiffusionLocalizer.h"

#include <string>
#include <vector>

namespace anomadiff::diffusion {

/// What distinguishes the reconstruction-based methods (seed §4.1): how x_0 is noised,
/// which sampler denoises, and which guidance steers towards "healthy".
struct ReconstructionRecipe {
  enum class Guidance { None, ClassifierFree, Classifier };

  std::string name;
  std::string summary;
  std::vector<ParameterSpec> parameters;
  Guidance guidance = Guidance::None;
  /// Encoder, noise and sampler; L, K, N, seed and the noise kind come from the parameters
  /// (DiffusionParameters). Optional method parameters "encoder" (0 forward noise, 1 DDIM) and
  /// "sampler" (0 DDIM, 1 DDPM, 2 Heun) override these when the recipe declares them.
  engine::ReconstructionOptions base;
};

/// A diffusion method defined by a recipe: one plugin per seed method, no repeated loop code.
class ReconstructionLocalizer final : public DiffusionLocalizer {
 public:
  explicit ReconstructionLocalizer(ReconstructionRecipe recipe);

  std::string name() const override { return m_recipe.name; }
  std::string summary() const override { return m_recipe.summary; }
  std::vector<ParameterSpec> parameters() const override { return m_recipe.parameters; }

 protected:
  bool isGuided() const override {
    return m_recipe.guidance != ReconstructionRecipe::Guidance::None;
  }
  engine::Reconstruction reconstruct(const LoadedModel& model, const torch::Tensor& slices,
                                     const torch::Tensor& masks,
                                     const LocalizerParameters& parameters, ProgressSink& progress,
                                     const CancelToken& cancel) override;

 private:
  engine::ReconstructionOptions options(const LocalizerParameters& parameters) const;

  ReconstructionRecipe m_recipe;
};

}  // namespace anomadiff::diffusion
