#include "engine/networks/TorchScriptDenoiser.h"

#include "common/Error.h"
#include "engine/io/Sha256.h"

#include <torch/script.h>

namespace anomadiff::engine {

TorchScriptDenoiser::TorchScriptDenoiser(const std::filesystem::path& file, bool trusted) {
  if (!std::filesystem::is_regular_file(file)) {
    throw IoError("TorchScript model '" + file.string() + "' does not exist");
  }
  m_sha256 = Sha256::ofFile(file);
  if (!trusted) {
    throw InvalidArgument("TorchScript model '" + file.string() + "' (sha256 " + m_sha256 +
                          ") can run code when loaded; pass --trust-model if you trust it");
  }
  try {
    m_module = std::make_unique<torch::jit::Module>(torch::jit::load(file.string()));
    m_module->eval();
    // Schema arguments include `self`: (self, x, t) or (self, x, t, y).
    m_takesLabels = m_module->get_method("forward").function().getSchema().arguments().size() >= 4;
  } catch (const c10::Error& error) {
    throw IoError("cannot load TorchScript model '" + file.string() +
                  "': " + error.what_without_backtrace());
  }
}

TorchScriptDenoiser::~TorchScriptDenoiser() = default;

torch::Tensor TorchScriptDenoiser::predictNoise(const torch::Tensor& x,
                                                const torch::Tensor& timesteps,
                                                const torch::Tensor& labels) {
  std::vector<torch::jit::IValue> inputs{x, timesteps};
  if (m_takesLabels) inputs.emplace_back(labels);
  const auto output = m_module->forward(inputs);
  if (!output.isTensor() || output.toTensor().sizes() != x.sizes()) {
    throw InvalidArgument("TorchScript model must return a tensor shaped like its input");
  }
  return output.toTensor();
}

}  // namespace anomadiff::engine
