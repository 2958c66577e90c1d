#include "engine/networks/UNetDenoiser.h"

#include "common/Error.h"
#include "engine/io/SafeTensorsModule.h"
#include "engine/networks/UNet.h"

#include <torch/torch.h>

#include <algorithm>
#include <vector>

namespace anomadiff::engine {
namespace {

/// Images per UNet call at inference. Larger batches fall out of cache: one 96 px slice with
/// 16 members (K 3, 2 threads, `bench pipeline`, one sitting) took 2.0 s in one call of 16,
/// 1.8 s in calls of 12, 1.6 s of 8, 1.45 s of 6 and 1.2–1.35 s of 1–4; a 20-slice volume at
/// N 3 (batches of 12) 22.8–23.2 s whole and 21.9–22.5 s in calls of 4. At 128 px (the default's
/// healthy model, N 12) calls of 2 beat 4: median 1.80 s against 2.15 s over ten runs each,
/// calls of 1 2.0 s; a whole Colin27 98.4 s against 99.9 s.
constexpr std::int64_t kImagesPerCall = 2;

/// Whether x, timesteps and labels all hold one row per image: only then is splitting exact
/// (anything else goes to the UNet whole, which names the bad shape).
bool splittable(const torch::Tensor& x, const torch::Tensor& timesteps,
                const torch::Tensor& labels) {
  if (x.dim() == 0) return false;
  const std::int64_t batch = x.size(0);
  const auto perImage = [batch](const torch::Tensor& tensor) {
    return tensor.dim() == 1 && tensor.size(0) == batch;
  };
  return batch > kImagesPerCall && perImage(timesteps) && (!labels.defined() || perImage(labels));
}

}  // namespace

UNetDenoiser::UNetDenoiser(std::shared_ptr<UNetImpl> model) : m_model(std::move(model)) {
  if (!m_model) throw InvalidArgument("UNetDenoiser needs a model");
  m_model->eval();
  // Guidance differentiates the classifier, never the denoiser's weights: frozen parameters
  // keep autograd from recording graphs for them.
  for (auto& parameter : m_model->parameters()) parameter.requires_grad_(false);
}

UNetDenoiser::~UNetDenoiser() = default;

std::unique_ptr<UNetDenoiser> UNetDenoiser::fromFile(const UNetConfig& config,
                                                     const std::filesystem::path& weights) {
  UNet model(config);
  SafeTensorsModule::load(*model, weights);
  return std::make_unique<UNetDenoiser>(model.ptr());
}

torch::Tensor UNetDenoiser::predictNoise(const torch::Tensor& x, const torch::Tensor& timesteps,
                                         const torch::Tensor& labels) {
  if (x.requires_grad()) return m_model->forward(x, timesteps, labels);
  torch::NoGradGuard noGrad;
  if (!splittable(x, timesteps, labels)) return m_model->forward(x, timesteps, labels);
  // Each image's output depends on that image only (GroupNorm, no batch statistics), so the
  // calls give the one-call result up to float rounding.
  const std::int64_t batch = x.size(0);
  std::vector<torch::Tensor> parts;
  for (std::int64_t first = 0; first < batch; first += kImagesPerCall) {
    const std::int64_t last = std::min(batch, first + kImagesPerCall);
    parts.push_back(m_model->forward(x.slice(0, first, last), timesteps.slice(0, first, last),
                                     labels.defined() ? labels.slice(0, first, last) : labels));
  }
  return torch::cat(parts);
}

bool UNetDenoiser::isClassConditional() const {
  return m_model->config().classes > 0;
}

}  // namespace anomadiff::engine
