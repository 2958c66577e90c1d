#include "engine/segmentation/DiffusionFeatures.h"

#include "engine/networks/UNet.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <cmath>
#include <numeric>

namespace anomadiff::engine {

DiffusionFeatures::DiffusionFeatures(UNetImpl& unet, const NoiseSchedule& schedule,
                                     std::vector<int> timesteps, std::uint64_t noiseSeed)
    : m_unet(unet),
      m_schedule(schedule),
      m_timesteps(std::move(timesteps)),
      m_noiseSeed(noiseSeed) {}

int DiffusionFeatures::channels() const {
  const auto levels = m_unet.decoderFeatureChannels();
  return std::accumulate(levels.begin(), levels.end(), 0);
}

std::vector<torch::Tensor> DiffusionFeatures::extract(const torch::Tensor& images) const {
  torch::NoGradGuard noGradient;
  const auto size = std::vector<std::int64_t>{images.size(2), images.size(3)};
  // One noise image for every row and level: an image's features depend on neither its place
  // in the batch nor the batch size, and differ between levels by t alone.
  torch::Generator generator = at::detail::createCPUGenerator(m_noiseSeed);
  const auto noise = torch::randn({1, images.size(1), images.size(2), images.size(3)}, generator);
  std::vector<torch::Tensor> result;
  for (int t : m_timesteps) {
    const double alphaBar = m_schedule.alphaBar(t);
    const auto noisy = std::sqrt(alphaBar) * images + std::sqrt(1.0 - alphaBar) * noise;
    const auto timesteps = torch::full({images.size(0)}, t, torch::kInt64);
    std::vector<torch::Tensor> levels;
    for (const auto& level : m_unet.decoderFeatures(noisy, timesteps)) {
      levels.push_back(
          torch::nn::functional::interpolate(level, torch::nn::functional::InterpolateFuncOptions()
                                                        .size(size)
                                                        .mode(torch::kBilinear)
                                                        .align_corners(false)));
    }
    result.push_back(torch::cat(levels, 1));
  }
  return result;
}

}  // namespace anomadiff::engine
