#include "engine/training/DiffusionTrainer.h"

#include "common/Error.h"
#include "engine/networks/UNet.h"

#include <torch/torch.h>
#include <nlohmann/json.hpp>

namespace anomadiff::engine {

DiffusionTrainer::DiffusionTrainer(const UNetConfig& config, const NoiseSchedule& schedule,
                                   TrainingOptions options, NoiseGenerator noise,
                                   BlobCorruption corruption)
    : ModelTrainer(schedule, options),
      m_classDropout(options.classDropout),
      m_noise(noise),
      m_corruption(corruption) {
  config.validate();
  m_model = std::make_shared<UNetImpl>(config);
  m_ema = std::make_shared<UNetImpl>(config);
  attach(m_model, m_ema, std::move(options), "diffusion", config.toJson().dump());
}

DiffusionTrainer::~DiffusionTrainer() = default;

torch::Tensor DiffusionTrainer::loss(const TrainingBatch& batch) {
  const auto& x0 = batch.images;
  // Draw order is fixed (t, ε, dropout) so a run is reproducible from the generator state; each
  // draw covers the global batch (data parallel: this rank keeps its rows).
  const auto rows = globalRows(x0.size(0));
  const auto t = ownRows(drawTimesteps(rows));
  auto generator = at::detail::getDefaultCPUGenerator();
  auto shape = x0.sizes().vec();
  shape[0] = rows;
  const auto epsilon = ownRows(m_noise.sample(shape, generator));
  torch::Tensor labels;
  if (m_model->config().classes > 0) {
    const auto dropped = ownRows(torch::rand({rows})) < m_classDropout;
    labels = torch::where(dropped, torch::full_like(batch.labels, -1), batch.labels);
  }
  if (m_corruption.enabled()) return restorationLoss(x0, t, epsilon, labels);
  return torch::mse_loss(m_model->forward(noised(x0, t, epsilon), t, labels), epsilon);
}

torch::Tensor DiffusionTrainer::restorationLoss(const torch::Tensor& x0, const torch::Tensor& t,
                                                const torch::Tensor& epsilon,
                                                const torch::Tensor& labels) {
  // Drawn after t, ε and dropout, for the global batch (same numbers on every rank).
  const auto draw = m_corruption.draw(globalRows(x0.size(0)), x0.size(2), x0.size(3))
                        .map([this](const torch::Tensor& d) { return ownRows(d); });
  const auto corrupted = m_corruption.apply(x0, draw);
  const auto xt = noised(corrupted, t, epsilon);
  const auto shape = std::vector<std::int64_t>{x0.size(0), 1, 1, 1};
  const auto signal = signalScale(t).view(shape);
  const auto noise = noiseScale(t).view(shape);
  const auto target = epsilon + (signal / noise) * (corrupted - x0);
  const auto weight =
      torch::where(draw.chosen, torch::clamp((noise / signal).square().view({-1}), 0.0, 1.0),
                   torch::ones_like(signal.view({-1})));
  const auto rowError = (m_model->forward(xt, t, labels) - target).square().mean({1, 2, 3});
  return (weight * rowError).mean();
}

}  // namespace anomadiff::engine
