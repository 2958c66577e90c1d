#pragma once

#include "common/CancelToken.h"
#include "common/ProgressSink.h"
#include "engine/reconstruction/EncodeCache.h"
#include "engine/reconstruction/ReconstructionOptions.h"
#include "engine/sampling/GuidedModel.h"

#include <torch/types.h>

#include <functional>
#include <vector>

namespace anomadiff::engine {

/// The mean and per-pixel variance over the N ensemble members, and the members themselves.
struct Reconstruction {
  torch::Tensor mean;      ///< [B, C, H, W]
  torch::Tensor variance;  ///< [B, C, H, W]; zeros for N = 1
  torch::Tensor samples;   ///< [N, B, C, H, W]
};

/// Partial reconstruction, written out like the seed's equations: encode x_0 to x_L, then
/// denoise x_L → x̂_0 with the chosen sampler and guidance. Progress counts model steps;
/// cancel is checked before every step. Same seed and thread count give bit-identical output.
class ReconstructionPipeline {
 public:
  /// Receives x_t after each step (the encoder's and the sampler's) for traces and previews.
  using StepObserver = std::function<void(const char* stage, int t, const torch::Tensor& x)>;

  /// Throws InvalidArgument when L >= T, K is outside 1..L+1 or N < 1.
  ReconstructionPipeline(const GuidedModel& model, ReconstructionOptions options);

  void setObserver(StepObserver observer) { m_observer = std::move(observer); }
  /// DDIM encodings are looked up in / stored into `cache` (which must belong to this
  /// pipeline's denoiser and outlive the pipeline); nullptr: always encode.
  void setEncodeCache(EncodeCache* cache) { m_encodeCache = cache; }

  /// x_0 [B, C, H, W] → x_L.
  torch::Tensor encode(const torch::Tensor& clean, torch::Generator& generator,
                       ProgressSink& progress, const CancelToken& cancel) const;
  /// x_L → x̂_0.
  torch::Tensor decode(const torch::Tensor& noisy, torch::Generator& generator,
                       ProgressSink& progress, const CancelToken& cancel) const;
  /// Encode + decode every input N times in one batch; returns ensemble statistics. With a
  /// level spread, one batch per level group (levelGroups()).
  Reconstruction run(const torch::Tensor& clean, ProgressSink& progress,
                     const CancelToken& cancel) const;
  /// The options of each group of members run at its own level: one group at L without a
  /// spread, else up to three at L, L + ΔL/2 and L + ΔL sharing N as evenly as they can.
  std::vector<ReconstructionOptions> levelGroups() const;

  int totalSteps() const;
  const std::vector<int>& timesteps() const { return m_timesteps; }
  /// The decoder's path through the timesteps: L, …, 0, then -1 (the clean image).
  std::vector<int> decodingPath() const;
  const StepObserver& observer() const { return m_observer; }

 private:
  /// How many levels a spread ensemble uses (cDDPM-style: a few noise levels per ensemble).
  static constexpr int kLevelGroups = 3;

  int topLevel() const;
  Reconstruction runLevelGroups(const torch::Tensor& clean, torch::Generator& generator,
                                ProgressSink& progress, const CancelToken& cancel) const;
  /// DDIM encoding of each input once (it is deterministic), through the cache when set.
  torch::Tensor encodeDeterministic(const torch::Tensor& clean, torch::Generator& generator,
                                    ProgressSink& progress, const CancelToken& cancel) const;

  const GuidedModel& m_model;
  ReconstructionOptions m_options;
  std::vector<int> m_timesteps;  ///< descending: L, ..., 0
  StepObserver m_observer;
  EncodeCache* m_encodeCache = nullptr;
};

}  // namespace anomadiff::engine
