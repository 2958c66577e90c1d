#include "engine/networks/UNetDenoiser.h"

#include "common/Error.h"
#include "engine/io/SafeTensorsModule.h"
#include "engine/networks/UNet.h"

#include <torch/torch.h>

namespace anomadiff::engine {

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
  return m_model->forward(x, timesteps, labels);
}

bool UNetDenoiser::isClassConditional() const {
  return m_model->config().classes > 0;
}

}  // namespace anomadiff::engine
