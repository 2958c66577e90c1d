#pragma once

#include "engine/sampling/Denoiser.h"

#include <filesystem>
#include <memory>
#include <string>

namespace torch::jit {
struct Module;
}

namespace anomadiff::engine {

/// A denoiser trained elsewhere and exported as TorchScript: forward(x, t) or forward(x, t, y)
/// returning ε. Loading TorchScript can run code, so it happens only when the user said they
/// trust the file (CLI --trust-model, no GUI path loads TorchScript) — docs/ARCHITECTURE.md §7.
class TorchScriptDenoiser final : public Denoiser {
 public:
  /// Throws InvalidArgument when !trusted (naming the file and its sha256), IoError when the
  /// file cannot be loaded.
  TorchScriptDenoiser(const std::filesystem::path& file, bool trusted);
  ~TorchScriptDenoiser() override;

  torch::Tensor predictNoise(const torch::Tensor& x, const torch::Tensor& timesteps,
                             const torch::Tensor& labels) override;
  bool isClassConditional() const override { return m_takesLabels; }
  const std::string& sha256() const { return m_sha256; }

 private:
  std::unique_ptr<torch::jit::Module> m_module;
  std::string m_sha256;
  bool m_takesLabels = false;
};

}  // namespace anomadiff::engine
