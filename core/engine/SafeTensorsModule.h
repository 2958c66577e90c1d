#pragma once

#include <filesystem>
#include <map>
#include <string>

namespace torch::nn {
class Module;
}

namespace anomadiff::engine {

/// Saves and loads every named parameter and buffer of a torch::nn::Module as one safetensors
/// file: the weights of a model bundle. Names and shapes must match exactly, so weights of a
/// different architecture are refused instead of being loaded partly.
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
};

}  // namespace anomadiff::engine
