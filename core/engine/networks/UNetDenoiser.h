#pragma once

#include "engine/sampling/Denoiser.h"

#include <filesystem>
#include <memory>

namespace anomadiff::engine {

class UNetImpl;
struct UNetConfig;

/// The built-in UNet as a Denoiser for the samplers: inference only (eval mode, frozen
/// parameters, no autograd graph unless the input itself requires a gradient).
class UNetDenoiser final : public Denoiser {
 public:
  /// Takes the model (e.g. `unet.ptr()`), switches it to eval mode and freezes its parameters.
  explicit UNetDenoiser(std::shared_ptr<UNetImpl> model);
  ~UNetDenoiser() override;

  /// Builds the UNet described by `config` and loads its weights from a safetensors file.
  /// Throws InvalidArgument for a bad config, IoError for a file that does not match it.
  static std::unique_ptr<UNetDenoiser> fromFile(const UNetConfig& config,
                                                const std::filesystem::path& weights);

  /// See Denoiser. Labels are ignored by an unconditional model and may then be undefined.
  /// Throws InvalidArgument naming a bad shape or label.
  torch::Tensor predictNoise(const torch::Tensor& x, const torch::Tensor& timesteps,
                             const torch::Tensor& labels) override;
  bool isClassConditional() const override;

  UNetImpl& model() { return *m_model; }

 private:
  std::shared_ptr<UNetImpl> m_model;
};

}  // namespace anomadiff::engine
