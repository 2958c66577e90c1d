#include "engine/training/DiffusionTrainer.h"

#include "common/Error.h"
#include "engine/networks/UNet.h"

#include <torch/torch.h>
#include <nlohmann/json.hpp>

namespace anomadiff::engine {

DiffusionTrainer::DiffusionTrainer(const UNetConfig& config, const NoiseSchedule& schedule,
                                   TrainingOptions options, NoiseGenerator noise)
    : ModelTrainer(schedule, options), m_classDropout(options.classDropout), m_noise(noise) {
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
  const auto xt = noised(x0, t, epsilon);
  torch::Tensor labels;
  if (m_model->config().classes > 0) {
    const auto dropped = ownRows(torch::rand({rows})) < m_classDropout;
    labels = torch::where(dropped, torch::full_like(batch.labels, -1), batch.labels);
  }
  return torch::mse_loss(m_model->forward(xt, t, labels), epsilon);
}

}  // namespace anomadiff::engine
