#include "engine/SafeTensorsModule.h"

#include "common/Error.h"
#include "engine/SafeTensorsFile.h"

#include <torch/torch.h>

#include <sstream>

namespace anomadiff::engine {
namespace {

std::map<std::string, torch::Tensor> namedState(const torch::nn::Module& module) {
  std::map<std::string, torch::Tensor> state;
  for (const auto& item : module.named_parameters(true)) state.emplace(item.key(), item.value());
  for (const auto& item : module.named_buffers(true)) state.emplace(item.key(), item.value());
  return state;
}

std::string shapeText(const torch::Tensor& tensor) {
  std::ostringstream text;
  text << tensor.sizes();
  return text.str();
}

}  // namespace

void SafeTensorsModule::save(const torch::nn::Module& module, const std::filesystem::path& path,
                             const std::map<std::string, std::string>& metadata) {
  SafeTensorsFile::write(path, namedState(module), metadata);
}

std::map<std::string, std::string> SafeTensorsModule::load(torch::nn::Module& module,
                                                           const std::filesystem::path& path) {
  auto file = SafeTensorsFile::read(path);
  const auto state = namedState(module);
  const std::string label = "weights file '" + path.string() + "'";
  // Check everything before copying anything, so a refused file leaves the module as it was.
  for (const auto& [name, target] : state) {
    const auto found = file.tensors.find(name);
    if (found == file.tensors.end()) {
      throw IoError(label + " lacks tensor '" + name + "' that the model needs");
    }
    if (!found->second.sizes().equals(target.sizes())) {
      throw IoError(label + " tensor '" + name + "' has shape " + shapeText(found->second) +
                    " but the model expects " + shapeText(target));
    }
    if (found->second.scalar_type() != target.scalar_type()) {
      throw IoError(label + " tensor '" + name + "' has dtype " +
                    c10::toString(found->second.scalar_type()) + " but the model expects " +
                    c10::toString(target.scalar_type()));
    }
  }
  for (const auto& [name, tensor] : file.tensors) {
    if (state.find(name) == state.end()) {
      throw IoError(label + " holds tensor '" + name + "' that the model does not have");
    }
  }
  torch::NoGradGuard noGrad;
  for (const auto& [name, target] : state) target.copy_(file.tensors.at(name));
  return file.metadata;
}

}  // namespace anomadiff::engine
