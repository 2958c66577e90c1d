#include "engine/sampling/ClassifierGuidance.h"

#include "common/Error.h"

#include <torch/torch.h>

namespace anomadiff::engine {

ClassifierGuidance::ClassifierGuidance(NoisyClassifier& classifier, std::int64_t targetClass,
                                       double scale)
    : m_classifier(classifier), m_targetClass(targetClass), m_scale(scale) {
  if (!(scale >= 0.0)) {
    throw InvalidArgument("guidance scale s=" + std::to_string(scale) + " must be >= 0");
  }
}

torch::Tensor ClassifierGuidance::gradient(const torch::Tensor& x, int t) const {
  // The sampling loop runs under InferenceMode; the classifier gradient needs autograd back.
  c10::InferenceMode inferenceOff(false);
  torch::AutoGradMode gradientOn(true);
  auto input = x.detach().clone().requires_grad_(true);
  const auto timesteps = torch::full({x.size(0)}, static_cast<std::int64_t>(t), torch::kInt64);
  const auto logits = m_classifier.logits(input, timesteps);
  if (m_targetClass < 0 || m_targetClass >= logits.size(1)) {
    throw InvalidArgument("guidance class " + std::to_string(m_targetClass) +
                          " is outside the classifier's " + std::to_string(logits.size(1)) +
                          " classes");
  }
  // Summing over the batch keeps each sample's gradient its own (samples are independent).
  const auto logProbability = torch::log_softmax(logits, 1).select(1, m_targetClass).sum();
  return torch::autograd::grad({logProbability}, {input})[0].detach();
}

}  // namespace anomadiff::engine
