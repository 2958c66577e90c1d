#include "engine/sampling/EnsembleBatch.h"

#include <torch/torch.h>

namespace anomadiff::engine {

torch::Tensor EnsembleBatch::expand(const torch::Tensor& clean, std::int64_t members) {
  return clean.unsqueeze(0)
      .expand({members, -1, -1, -1, -1})
      .reshape({members * clean.size(0), clean.size(1), clean.size(2), clean.size(3)});
}

Reconstruction EnsembleBatch::summarize(const torch::Tensor& result, std::int64_t members) {
  const auto samples = result.reshape(
      {members, result.size(0) / members, result.size(1), result.size(2), result.size(3)});
  const auto mean = samples.mean(0);
  return {mean, members > 1 ? samples.var(0, false) : torch::zeros_like(mean), samples};
}

}  // namespace anomadiff::engine
