#pragma once

#include "engine/schedule/NoiseSchedule.h"

#include <torch/types.h>

#include <cstdint>
#include <vector>

namespace anomadiff::engine {

class UNetImpl;

/// Per-pixel representations of a trained ε-UNet ("diffusion models as representation
/// learners", Baranchuk et al. 2022): the image is noised to each level t with a fixed seed
/// (the same features at training and at use), the UNet's decoder activations of every level
/// are upsampled bilinearly to the image size and stacked along the channels.
class DiffusionFeatures {
 public:
  /// `unet` must outlive this object; it is used in inference mode, unconditionally (null class).
  DiffusionFeatures(UNetImpl& unet, const NoiseSchedule& schedule, std::vector<int> timesteps,
                    std::uint64_t noiseSeed);

  /// images [B, 1, H, W] in [−1, 1] → one [B, channels(), H, W] tensor per timestep.
  std::vector<torch::Tensor> extract(const torch::Tensor& images) const;
  /// Network evaluations one image costs (one per timestep).
  int evaluationsPerImage() const { return static_cast<int>(m_timesteps.size()); }
  int channels() const;

 private:
  UNetImpl& m_unet;
  const NoiseSchedule& m_schedule;
  std::vector<int> m_timesteps;
  std::uint64_t m_noiseSeed;
};

}  // namespace anomadiff::engine
