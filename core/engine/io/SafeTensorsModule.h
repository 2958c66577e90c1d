#pragma once

#include <torch/types.h>

#include <filesystem>
#include <map>
#include <string>

namespace torch::nn {
class Module;
}

namespace anomadiff::engine {

/// Saves and loads every named parameter and buffer of a torch::nn::Module as safetensors: the
/// weights of a model bundle, and the parts of a training checkpoint. Names and shapes must
/// match exactly, so weights of a different architecture are refused instead of loaded partly.
class SafeTensorsModule {
 public:
  /// Writes the module's parameters and buffers (float32 as they are) atomically.
  static void save(const torch::nn::Module& module, const std::filesystem::path& path,
                   const std::map<std::string, std::string>& metadata = {});

  /// Copies the file's tensors into the module's parameters and buffers. Throws IoError naming
  /// the file and the first missing, unexpected or differently shaped tensor; the module is left
  /// unchanged in that case. Returns the file's metadata.
  static std::map<std::string, std::string> load(torch::nn::Module& module,
                                                 const std::filesystem::path& path);

  /// The module's parameters and buffers by name, each name prefixed with `prefix`.
  static std::map<std::string, torch::Tensor> namedTensors(const torch::nn::Module& module,
                                                           const std::string& prefix = "");

  /// Copies tensors[prefix + name] into each parameter and buffer. The tensors whose names start
  /// with `prefix` must match the module exactly; `source` names the file in error messages.
  /// Throws IoError (module unchanged) otherwise.
  static void assign(torch::nn::Module& module, const std::map<std::string, torch::Tensor>& tensors,
                     const std::string& prefix, const std::string& source);
};

}  // namespace anomadiff::engine
