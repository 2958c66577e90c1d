#pragma once

#include "engine/sampling/GuidedModel.h"

#include <torch/types.h>

#include <memory>
#include <string>

namespace anomadiff::engine {

/// One reverse step x_t → x_prev between two (possibly respaced) timesteps. `previous` = -1
/// means the clean image (ᾱ = 1). The denoising loop in ReconstructionPipeline calls it K times.
class Sampler {
 public:
  enum class Kind { Ddpm, Ddim, Heun };

  virtual ~Sampler() = default;
  virtual torch::Tensor step(const GuidedModel& model, const torch::Tensor& x, int t, int previous,
                             torch::Generator& generator) const = 0;

  /// "ddpm", "ddim" or "heun"; throws InvalidArgument naming an unknown sampler.
  static Kind kindFromName(const std::string& name);
  static std::unique_ptr<Sampler> create(Kind kind);
};

/// ᾱ at a timestep, with -1 standing for the clean image.
double alphaBarAt(const NoiseSchedule& schedule, int t);

/// x̂_0 = (x_t − √(1−ᾱ_t) ε) / √ᾱ_t: the clean image the noise prediction implies.
torch::Tensor predictCleanImage(const torch::Tensor& x, const torch::Tensor& epsilon,
                                double alphaBar);

}  // namespace anomadiff::engine
