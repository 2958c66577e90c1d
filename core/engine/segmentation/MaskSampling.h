#pragma once

#include "common/CancelToken.h"
#include "common/ProgressSink.h"
#include "engine/reconstruction/ReconstructionPipeline.h"
#include "engine/sampling/Denoiser.h"
#include "engine/schedule/NoiseSchedule.h"

#include <torch/types.h>

#include <cstdint>
#include <functional>
#include <vector>

namespace anomadiff::engine {

/// How a segmentation method samples lesion masks from an image-conditioned mask-diffusion UNet
/// (input channels: the noisy mask in [−1, 1], then the image).
struct MaskSamplingOptions {
  int steps = 10;          ///< K respaced reverse steps from pure noise (t = T − 1) to the mask
  int members = 5;         ///< N masks per image: their mean is the map, their variance the
                           ///< uncertainty (the seed's mask ensembles)
  std::uint64_t seed = 0;  ///< same seed, same threads: the same masks
  /// Bernoulli only: pixels whose predicted lesion probability is below this are resampled as
  /// healthy (x̂_0 = 0) at each step, so only high-score regions keep being resampled (the
  /// masking of Wolleb et al.); 0 turns it off.
  double maskThreshold = 0.0;

  /// Throws InvalidArgument naming the first field out of range (K outside 1..T, N < 1).
  void validate(int scheduleSteps) const;
};

/// What both mask samplers share: the member-major batch, the respaced path from t = T − 1,
/// the seeded generator, progress and cancel. A sampler supplies one reverse step.
class MaskSampling {
 public:
  /// One reverse step t → s (s = −1: the clean mask) on the current masks; returns the next
  /// masks and the lesion probability the step's network call implied.
  struct Step {
    torch::Tensor next;
    torch::Tensor probability;
  };
  using StepFunction = std::function<Step(const torch::Tensor& current, const torch::Tensor& images,
                                          int t, int s, torch::Generator& generator)>;
  using Start = std::function<torch::Tensor(at::IntArrayRef shape, torch::Generator& generator)>;

  MaskSampling(const NoiseSchedule& schedule, MaskSamplingOptions options);

  /// images, brain: [B, 1, H, W] (image in [−1, 1], brain 1 inside). Returns the mean, variance
  /// and members of the final lesion probability, 0 outside the brain. Progress counts steps.
  Reconstruction run(const torch::Tensor& images, const torch::Tensor& brain, const Start& start,
                     const StepFunction& step, ProgressSink& progress,
                     const CancelToken& cancel) const;

  const std::vector<int>& timesteps() const { return m_timesteps; }

 private:
  MaskSamplingOptions m_options;
  std::vector<int> m_timesteps;  ///< descending, T − 1 … 0
};

/// The network call both samplers make: the UNet's one output channel for (mask, image).
torch::Tensor evaluateMaskModel(Denoiser& model, const torch::Tensor& mask,
                                const torch::Tensor& images, int t);

}  // namespace anomadiff::engine
