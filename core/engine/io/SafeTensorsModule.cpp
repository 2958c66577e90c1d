#include "engine/io/SafeTensorsModule.h"

#include "common/Error.h"
#include "engine/io/SafeTensorsFile.h"

#include <torch/torch.h>

#include <sstream>

namespace anomadiff::engine {
namespace {

std::string shapeText(const torch::Tensor& tensor) {
  std::ostringstream text;
  text << tensor.sizes();
  return text.str();
}

}  // namespace

std::map<std::string, torch::Tensor> SafeTensorsModule::namedTensors(
    const torch::nn::Module& module, const std::string& prefix) {
  std::map<std::string, torch::Tensor> state;
  for (const auto& item : module.named_parameters(true))
    state.emplace(prefix + item.key(), item.value());
  for (const auto& item : module.named_buffers(true))
    state.emplace(prefix + item.key(), item.value());
  return state;
}

void SafeTensorsModule::assign(torch::nn::Module& module,
                               const std::map<std::string, torch::Tensor>& tensors,
                               const std::string& prefix, const std::string& source) {
  const auto state = namedTensors(module, prefix);
  // Check everything before copying anything, so a refused file leaves the module as it was.
  for (const auto& [name, target] : state) {
    const auto found = tensors.find(name);
    if (found == tensors.end()) {
      throw IoError(source + " lacks tensor '" + name + "' that the model needs");
    }
    if (!found->second.sizes().equals(target.sizes())) {
      throw IoError(source + " tensor '" + name + "' has shape " + shapeText(found->second) +
                    " but the model expects " + shapeText(target));
    }
    if (found->second.scalar_type() != target.scalar_type()) {
      throw IoError(source + " tensor '" + name + "' has dtype " +
                    c10::toString(found->second.scalar_type()) + " but the model expects " +
                    c10::toString(target.scalar_type()));
    }
  }
  for (auto it = tensors.lower_bound(prefix); it != tensors.end() && it->first.starts_with(prefix);
       ++it) {
    if (state.find(it->first) == state.end()) {
      throw IoError(source + " holds tensor '" + it->first + "' that the model does not have");
    }
  }
  torch::NoGradGuard noGrad;
  for (const auto& [name, target] : state) target.copy_(tensors.at(name));
}

void SafeTensorsModule::save(const torch::nn::Module& module, const std::filesystem::path& path,
                             const std::map<std::string, std::string>& metadata) {
  SafeTensorsFile::write(path, namedTensors(module), metadata);
}

std::map<std::string, std::string> SafeTensorsModule::load(torch::nn::Module& module,
                                                           const std::filesystem::path& path) {
  auto file = SafeTensorsFile::read(path);
  // NaN weights would only show as a NaN map after a whole run; name the file and tensor now.
  for (const auto& [name, tensor] : file.tensors) {
    if (!tensor.is_floating_point()) continue;
    const auto bad = (~torch::isfinite(tensor)).sum().item<std::int64_t>();
    if (bad > 0) {
      throw IoError("weights file '" + path.string() + "' holds " + std::to_string(bad) +
                    " NaN or infinite values in tensor '" + name + "'");
    }
  }
  assign(module, file.tensors, "", "weights file '" + path.string() + "'");
  return file.metadata;
}

}  // namespace anomadiff::engine
