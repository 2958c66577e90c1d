#include "engine/networks/NoisyClassifierNetAdapter.h"

#include "common/Error.h"
#include "engine/io/SafeTensorsModule.h"
#include "engine/networks/NoisyClassifierNet.h"

#include <torch/torch.h>

namespace anomadiff::engine {

NoisyClassifierNetAdapter::NoisyClassifierNetAdapter(std::shared_ptr<NoisyClassifierNetImpl> model)
    : m_model(std::move(model)) {
  if (!m_model) throw InvalidArgument("NoisyClassifierNetAdapter needs a model");
  m_model->eval();
  for (auto& parameter : m_model->parameters()) parameter.requires_grad_(false);
}

NoisyClassifierNetAdapter::~NoisyClassifierNetAdapter() = default;

std::unique_ptr<NoisyClassifierNetAdapter> NoisyClassifierNetAdapter::fromFile(
    const NoisyClassifierNetConfig& config, const std::filesystem::path& weights) {
  NoisyClassifierNet model(config);
  SafeTensorsModule::load(*model, weights);
  return std::make_unique<NoisyClassifierNetAdapter>(model.ptr());
}

torch::Tensor NoisyClassifierNetAdapter::logits(const torch::Tensor& x,
                                                const torch::Tensor& timesteps) {
  return m_model->forward(x, timesteps);
}

int NoisyClassifierNetAdapter::classes() const {
  return m_model->config().classes;
}

}  // namespace anomadiff::engine
