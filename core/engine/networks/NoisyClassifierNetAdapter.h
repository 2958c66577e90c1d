#pragma once

#include "engine/sampling/Denoiser.h"

#include <filesystem>
#include <memory>

namespace anomadiff::engine {

class NoisyClassifierNetImpl;
struct NoisyClassifierNetConfig;

/// The built-in noisy classifier as a NoisyClassifier for classifier guidance: eval mode and
/// frozen parameters, so autograd differentiates with respect to x only.
class NoisyClassifierNetAdapter final : public NoisyClassifier {
 public:
  /// Takes the model (e.g. `net.ptr()`), switches it to eval mode and freezes its parameters.
  explicit NoisyClassifierNetAdapter(std::shared_ptr<NoisyClassifierNetImpl> model);
  ~NoisyClassifierNetAdapter() override;

  /// Builds the classifier described by `config` and loads its weights from a safetensors file.
  /// Throws InvalidArgument for a bad config, IoError for a file that does not match it.
  static std::unique_ptr<NoisyClassifierNetAdapter> fromFile(const NoisyClassifierNetConfig& config,
                                                             const std::filesystem::path& weights);

  /// See NoisyClassifier: differentiable in x when x requires a gradient.
  torch::Tensor logits(const torch::Tensor& x, const torch::Tensor& timesteps) override;
  int classes() const;

  NoisyClassifierNetImpl& model() { return *m_model; }

 private:
  std::shared_ptr<NoisyClassifierNetImpl> m_model;
};

}  // namespace anomadiff::engine
