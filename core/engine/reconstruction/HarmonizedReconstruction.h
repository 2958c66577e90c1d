#pragma once

#include "common/CancelToken.h"
#include "common/ProgressSink.h"
#include "engine/reconstruction/ReconstructionPipeline.h"
#include "engine/sampling/GuidedModel.h"

#include <torch/types.h>

namespace anomadiff::engine {

/// THOR-style implicit guidance (Bercea et al. 2024, seed §4): the reverse process is steered
/// towards the input through the intermediate anomaly maps. At every step the predicted clean
/// image x̂_0(t) is compared with the input, the residual is smoothed and scaled to [0, 1] per
/// image (brain only), and the DDIM move uses the harmonized prediction
///   x̃_0 = a ⊙ x̂_0 + (1 − a) ⊙ x_0,  x_prev = √ᾱ_prev x̃_0 + √(1−ᾱ_prev) ε̂,
/// so regions the model already explains stay at the input (fewer false positives from
/// anatomy the model reproduces imperfectly) while anomalous regions are denoised freely.
/// Harmonizing x̂_0 with the step's own ε̂, rather than re-drawing q(x_prev | x_0), keeps the
/// trajectory deterministic for a given x_L and noise-consistent across the blend boundary.
class HarmonizedReconstruction {
 public:
  /// `options`: L, K, N, seed and the forward noise kind (the encoder is always forward noise,
  /// the sampler always DDIM). `smoothing`: σ of the intermediate maps in model pixels.
  /// Throws InvalidArgument like ReconstructionPipeline for a bad L, K or N.
  HarmonizedReconstruction(const GuidedModel& model, ReconstructionOptions options,
                           double smoothing);

  /// clean, masks: [B, 1, H, W]; masks 1 on brain. Progress counts the K model steps.
  Reconstruction run(const torch::Tensor& clean, const torch::Tensor& masks, ProgressSink& progress,
                     const CancelToken& cancel) const;

  /// a ∈ [0, 1]: the smoothed residual |x̂_0 − x_0| divided by its brain maximum per image.
  torch::Tensor harmonizationWeight(const torch::Tensor& predicted, const torch::Tensor& clean,
                                    const torch::Tensor& masks) const;

 private:
  const GuidedModel& m_model;
  ReconstructionOptions m_options;
  ReconstructionPipeline m_pipeline;
  double m_smoothing;
};

}  // namespace anomadiff::engine
