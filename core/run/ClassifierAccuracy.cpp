#include "run/ClassifierAccuracy.h"

#include "engine/networks/NoisyClassifierNet.h"
#include "engine/schedule/NoiseSchedule.h"
#include "engine/training/SliceDataset.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace anomadiff::run {
namespace {

constexpr std::int64_t kBatch = 32;

/// Rows of `images` whose argmax logit at timestep t equals the label.
std::int64_t correctAt(engine::NoisyClassifierNetImpl& model, const torch::Tensor& images,
                       const torch::Tensor& labels, int t) {
  std::int64_t correct = 0;
  for (std::int64_t begin = 0; begin < images.size(0); begin += kBatch) {
    const auto length = std::min<std::int64_t>(kBatch, images.size(0) - begin);
    const auto logits =
        model.forward(images.narrow(0, begin, length), torch::full({length}, t, torch::kInt64));
    correct += logits.argmax(1).eq(labels.narrow(0, begin, length)).sum().item<std::int64_t>();
  }
  return correct;
}

}  // namespace

nlohmann::json ClassifierAccuracy::measure(engine::NoisyClassifierNetImpl& model,
                                           const engine::SliceDataset& dataset,
                                           const std::vector<std::int64_t>& rows,
                                           const engine::NoiseSchedule& schedule, int maxTimestep,
                                           std::uint64_t seed) {
  if (rows.empty()) return nullptr;
  torch::NoGradGuard noGrad;
  model.eval();
  const auto selection = torch::tensor(rows, torch::kInt64);
  const auto x0 = dataset.images().index_select(0, selection);
  const auto labels = dataset.labels().index_select(0, selection);
  auto generator = at::make_generator<at::CPUGeneratorImpl>(seed);
  nlohmann::json perTimestep = nlohmann::json::object();
  double sum = 0.0;
  for (int k = 0; k <= 4; ++k) {
    const int t = maxTimestep * k / 4;
    const double alphaBar = schedule.alphaBars()[t];
    const auto noise = at::randn(x0.sizes(), generator, torch::kFloat32);
    const auto xt = std::sqrt(alphaBar) * x0 + std::sqrt(1.0 - alphaBar) * noise;
    const double accuracy =
        static_cast<double>(correctAt(model, xt, labels, t)) / static_cast<double>(rows.size());
    perTimestep[std::to_string(t)] = accuracy;
    sum += accuracy;
  }
  return {{"accuracy", sum / 5.0}, {"per_timestep", perTimestep}, {"examples", rows.size()}};
}

}  // namespace anomadiff::run
