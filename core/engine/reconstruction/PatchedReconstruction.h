#pragma once

#include "common/CancelToken.h"
#include "common/ProgressSink.h"
#include "engine/reconstruction/InpaintingDecoder.h"
#include "engine/reconstruction/ReconstructionPipeline.h"
#include "engine/sampling/GuidedModel.h"

#include <torch/types.h>

#include <vector>

namespace anomadiff::engine {

/// pDDPM (Behrendt et al. 2023, seed §4 "patch-based implicit guidance"): one patch at a time
/// is noised to L and predicted back while the rest of the slice stays clean as context
/// (RePaint-style, InpaintingDecoder), then the patches are stitched, overlaps averaged. The
/// context keeps the reconstruction in the input's anatomy — the model only has to fill in a
/// local region — which is what the whole-slice reconstruction lacks on unseen anatomy. With
/// an ε-model trained on whole-image noise (the default bundle) the known region is re-noised
/// at every step so the network always sees the noise level it was trained for.
class PatchedReconstruction {
 public:
  /// `options`: L, K (steps per patch), N and seed. `patch` and `stride` in model pixels;
  /// throws InvalidArgument for a bad L, K, N, a patch outside 4..H or a stride outside
  /// 1..patch.
  PatchedReconstruction(const GuidedModel& model, ReconstructionOptions options, int patch,
                        int stride);

  /// clean: [B, 1, H, W]. Progress counts patches × K model steps (each step one batch).
  Reconstruction run(const torch::Tensor& clean, ProgressSink& progress,
                     const CancelToken& cancel) const;

  /// Top-left corners along one axis of `extent` pixels: every `stride`, the last one flush
  /// with the edge, so the patches cover the whole axis.
  std::vector<std::int64_t> corners(std::int64_t extent) const;

 private:
  const GuidedModel& m_model;
  ReconstructionOptions m_options;
  int m_patch;
  int m_stride;
  InpaintingDecoder m_decoder;
};

}  // namespace anomadiff::engine
