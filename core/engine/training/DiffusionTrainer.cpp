#include "engine/training/DiffusionTrainer.h"

#include "common/Error.h"
#include "engine/io/SafeTensorsModule.h"
#include "engine/networks/UNet.h"
#include "engine/training/TrainingLoop.h"

#include <torch/torch.h>
#include <nlohmann/json.hpp>

#include <cmath>

namespace anomadiff::engine {

DiffusionTrainer::DiffusionTrainer(const UNetConfig& config, const NoiseSchedule& schedule,
                                   TrainingOptions options, NoiseGenerator noise)
    : m_noise(noise) {
  config.validate();
  options.validate(schedule.steps());
  m_minTimestep = options.minTimestep;
  m_maxTimestep = options.resolvedMaxTimestep(schedule.steps());
  m_classDropout = options.classDropout;

  std::vector<double> signal;
  std::vector<double> noiseScale;
  for (double alphaBar : schedule.alphaBars()) {
    signal.push_back(std::sqrt(alphaBar));
    noiseScale.push_back(std::sqrt(1.0 - alphaBar));
  }
  m_signalScale = torch::tensor(signal, torch::kFloat64).to(torch::kFloat32);
  m_noiseScale = torch::tensor(noiseScale, torch::kFloat64).to(torch::kFloat32);

  torch::manual_seed(options.seed);
  m_model = std::make_shared<UNetImpl>(config);
  m_ema = std::make_shared<UNetImpl>(config);
  m_loop = std::make_unique<TrainingLoop>(m_model, m_ema, std::move(options), "diffusion",
                                          config.toJson().dump());
}

DiffusionTrainer::~DiffusionTrainer() = default;

TrainingSummary DiffusionTrainer::train(TrainingDataSource& data, ProgressSink& progress,
                                        const CancelToken& cancel) {
  const bool conditional = m_model->config().classes > 0;
  const auto loss = [&](const TrainingBatch& batch) {
    const auto& x0 = batch.images;
    const auto count = x0.size(0);
    // Draw order is fixed (t, ε, dropout) so a run is reproducible from the generator state.
    const auto t = torch::randint(m_minTimestep, m_maxTimestep + 1, {count}, torch::kInt64);
    auto generator = at::detail::getDefaultCPUGenerator();
    const auto epsilon = m_noise.sample(x0.sizes(), generator);
    const auto shape = std::vector<std::int64_t>{count, 1, 1, 1};
    const auto xt = m_signalScale.index_select(0, t).view(shape) * x0 +
                    m_noiseScale.index_select(0, t).view(shape) * epsilon;
    torch::Tensor labels;
    if (conditional) {
      const auto dropped = torch::rand({count}) < m_classDropout;
      labels = torch::where(dropped, torch::full_like(batch.labels, -1), batch.labels);
    }
    return torch::mse_loss(m_model->forward(xt, t, labels), epsilon);
  };
  return m_loop->run(data, loss, progress, cancel);
}

void DiffusionTrainer::loadCheckpoint(const std::filesystem::path& path) {
  m_loop->loadCheckpoint(path);
}

void DiffusionTrainer::saveCheckpoint(const std::filesystem::path& path) const {
  m_loop->saveCheckpoint(path);
}

void DiffusionTrainer::loadWeights(const std::filesystem::path& path) {
  SafeTensorsModule::load(*m_model, path);
  m_loop->resetEma();
}

void DiffusionTrainer::saveEmaWeights(const std::filesystem::path& path,
                                      const std::map<std::string, std::string>& metadata) const {
  SafeTensorsModule::save(*m_ema, path, metadata);
}

int DiffusionTrainer::step() const {
  return m_loop->step();
}

const std::vector<TrainingStep>& DiffusionTrainer::lossHistory() const {
  return m_loop->history();
}

}  // namespace anomadiff::engine
