#pragma once

#include "common/CancelToken.h"
#include "common/ProgressSink.h"
#include "engine/sampling/GuidedModel.h"
#include "engine/schedule/NoiseGenerator.h"

#include <torch/types.h>

#include <vector>

namespace anomadiff::engine {

/// RePaint-style conditional denoising (Lugmayr et al. 2022), the step AutoDDPM's re-sampling
/// and pDDPM's patch reconstruction share: the start image is noised to the first timestep and
/// denoised with DDIM while, after every step, the known region is replaced by the input noised
/// to the same level — so only the region to regenerate is the model's, and it is generated
/// in harmony with real surrounding tissue. Both the start and the known region are noised with
/// `noise`: the kind the model was trained to undo (coarse for the healthy-anatomy models).
class InpaintingDecoder {
 public:
  /// `timesteps`: descending respaced timesteps (NoiseSchedule::respacedTimesteps).
  InpaintingDecoder(const GuidedModel& model, std::vector<int> timesteps,
                    NoiseGenerator noise = NoiseGenerator());

  /// start, known, regenerate: [B, C, H, W]; regenerate 1 where the model's content is kept.
  torch::Tensor run(const torch::Tensor& start, const torch::Tensor& known,
                    const torch::Tensor& regenerate, torch::Generator& generator,
                    ProgressSink& progress, const CancelToken& cancel) const;

  int steps() const { return static_cast<int>(m_timesteps.size()); }

 private:
  const GuidedModel& m_model;
  std::vector<int> m_timesteps;
  NoiseGenerator m_noise;
};

}  // namespace anomadiff::engine
