#pragma once

#include "common/CancelToken.h"
#include "common/ProgressSink.h"
#include "engine/reconstruction/InpaintingDecoder.h"
#include "engine/reconstruction/ReconstructionPipeline.h"
#include "engine/sampling/GuidedModel.h"

#include <torch/types.h>

namespace anomadiff::engine {

/// What AutoDDPM adds to a plain reconstruction.
struct StitchingOptions {
  int resampleLevel = 50;      ///< L₂ <= L: the noise level of the re-sampling stage
  double maskQuantile = 0.95;  ///< brain pixels above this quantile of the first map are masked
  int dilation = 2;            ///< mask dilation radius in model pixels
  double smoothing = 1.0;      ///< σ (model pixels) of the first anomaly map before masking
};

/// AutoDDPM (Bercea et al. 2023, seed §4 "mask, stitch and re-sample"):
///  1. reconstruct x̂ from level L (forward noise, DDIM) and take the map |x − x̂|;
///  2. mask M = the brain pixels above the map's `maskQuantile` quantile, dilated;
///  3. stitch x_s = M ⊙ x̂ + (1 − M) ⊙ x: the likely anomalies replaced, the rest untouched;
///  4. re-sample from the lower level L₂ RePaint-style: x_s is noised to L₂ and denoised while,
///     after every step, the unmasked region is replaced by the input noised to the same level,
///     so the masked region is regenerated in harmony with the real surrounding tissue.
/// Outside M the result equals the input, so the final map |x − x̂₂| is zero there: the first
/// map's false positives outside the mask disappear, and inside it the re-sampled content,
/// conditioned on the true context, replaces the first stage's drifted anatomy.
class StitchedReconstruction {
 public:
  /// Throws InvalidArgument for a bad L, K or N (as ReconstructionPipeline), L₂ outside 1..L,
  /// a quantile outside (0, 1) or a negative dilation or smoothing.
  StitchedReconstruction(const GuidedModel& model, ReconstructionOptions options,
                         StitchingOptions stitching);

  /// clean, masks: [B, 1, H, W]; masks 1 on brain. Progress counts both stages' model steps.
  Reconstruction run(const torch::Tensor& clean, const torch::Tensor& masks, ProgressSink& progress,
                     const CancelToken& cancel) const;

  /// Step 2 on its own: the dilated mask of the likely anomalies, 1 inside, [B, 1, H, W].
  torch::Tensor anomalyMask(const torch::Tensor& clean, const torch::Tensor& reconstruction,
                            const torch::Tensor& masks) const;

 private:
  const GuidedModel& m_model;
  ReconstructionOptions m_options;
  StitchingOptions m_stitching;
  ReconstructionPipeline m_first;
  InpaintingDecoder m_resample;
};

}  // namespace anomadiff::engine
