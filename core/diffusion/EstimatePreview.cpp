#include "diffusion/EstimatePreview.h"

#include "engine/io/ImageTensor.h"

#include <torch/torch.h>

#include <cmath>

namespace anomadiff::diffusion {

EstimatePreview::EstimatePreview(const LoadedModel& model, ProgressSink& progress,
                                 const engine::PreprocessedSlice& slice, const Image& inputMask,
                                 const Image& input)
    : m_model(model), m_progress(progress), m_slice(slice), m_inputMask(inputMask), m_input(input) {
  m_model.observeDenoiser([this](const torch::Tensor& x, const torch::Tensor& timesteps,
                                 const torch::Tensor& noise) { observe(x, timesteps, noise); });
}

EstimatePreview::~EstimatePreview() {
  m_model.observeDenoiser({});
}

void EstimatePreview::observe(const torch::Tensor& x, const torch::Tensor& timesteps,
                              const torch::Tensor& noise) {
  if (!m_progress.wantsPreview()) return;
  const torch::NoGradGuard noGradient;
  // Row 0 is the first ensemble member of the (only) slice.
  const int t = static_cast<int>(timesteps[0].item<std::int64_t>());
  const double alphaBar = m_model.schedule().alphaBar(t);
  const auto estimate =
      ((x[0].detach() - std::sqrt(1.0 - alphaBar) * noise[0].detach()) / std::sqrt(alphaBar))
          .clamp(-1.0, 1.0)
          .unsqueeze(0)
          .contiguous();
  const Image onModelGrid = engine::ImageTensor::toImage(estimate, m_slice.image.geometry());
  Image onInput = m_slice.resampler.toInput(m_slice.normalizer.denormalize(onModelGrid));
  const auto brain = m_inputMask.voxels();
  for (std::size_t i = 0; i < brain.size(); ++i) {
    if (brain[i] <= 0.0f) onInput.voxels()[i] = m_input.voxels()[i];
  }
  m_progress.preview(onInput);
}

}  // namespace anomadiff::diffusion
