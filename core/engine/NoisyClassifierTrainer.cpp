#include "engine/NoisyClassifierTrainer.h"

#include "common/Error.h"
#include "engine/NoisyClassifierNet.h"
#include "engine/SafeTensorsModule.h"
#include "engine/TrainingLoop.h"

#include <torch/torch.h>
#include <nlohmann/json.hpp>

#include <cmath>

namespace anomadiff::engine {

NoisyClassifierTrainer::NoisyClassifierTrainer(const NoisyClassifierNetConfig& config,
                                               const NoiseSchedule& schedule,
                                               TrainingOptions options) {
  config.validate();
  options.validate(schedule.steps());
  m_minTimestep = options.minTimestep;
  m_maxTimestep = options.resolvedMaxTimestep(schedule.steps());

  std::vector<double> signal;
  std::vector<double> noise;
  for (double alphaBar : schedule.alphaBars()) {
    signal.push_back(std::sqrt(alphaBar));
    noise.push_back(std::sqrt(1.0 - alphaBar));
  }
  m_signalScale = torch::tensor(signal, torch::kFloat64).to(torch::kFloat32);
  m_noiseScale = torch::tensor(noise, torch::kFloat64).to(torch::kFloat32);

  torch::manual_seed(options.seed);
  m_model = std::make_shared<NoisyClassifierNetImpl>(config);
  m_ema = std::make_shared<NoisyClassifierNetImpl>(config);
  m_loop = std::make_unique<TrainingLoop>(m_model, m_ema, std::move(options), "classifier",
                                          config.toJson().dump());
}

NoisyClassifierTrainer::~NoisyClassifierTrainer() = default;

TrainingSummary NoisyClassifierTrainer::train(TrainingDataSource& data, ProgressSink& progress,
                                              const CancelToken& cancel) {
  const int classes = m_model->config().classes;
  const auto loss = [&](const TrainingBatch& batch) {
    const auto& x0 = batch.images;
    const auto count = x0.size(0);
    const auto low = batch.labels.min().item<std::int64_t>();
    const auto high = batch.labels.max().item<std::int64_t>();
    if (low < 0 || high >= classes) {
      throw InvalidArgument("classifier training label " + std::to_string(low < 0 ? low : high) +
                            " is outside 0.." + std::to_string(classes - 1));
    }
    const auto t = torch::randint(m_minTimestep, m_maxTimestep + 1, {count}, torch::kInt64);
    const auto epsilon = torch::randn_like(x0);
    const auto shape = std::vector<std::int64_t>{count, 1, 1, 1};
    const auto xt = m_signalScale.index_select(0, t).view(shape) * x0 +
                    m_noiseScale.index_select(0, t).view(shape) * epsilon;
    return torch::cross_entropy_loss(m_model->forward(xt, t), batch.labels);
  };
  return m_loop->run(data, loss, progress, cancel);
}

void NoisyClassifierTrainer::loadCheckpoint(const std::filesystem::path& path) {
  m_loop->loadCheckpoint(path);
}

void NoisyClassifierTrainer::saveCheckpoint(const std::filesystem::path& path) const {
  m_loop->saveCheckpoint(path);
}

void NoisyClassifierTrainer::loadWeights(const std::filesystem::path& path) {
  SafeTensorsModule::load(*m_model, path);
  m_loop->resetEma();
}

void NoisyClassifierTrainer::saveEmaWeights(
    const std::filesystem::path& path, const std::map<std::string, std::string>& metadata) const {
  SafeTensorsModule::save(*m_ema, path, metadata);
}

int NoisyClassifierTrainer::step() const {
  return m_loop->step();
}

const std::vector<TrainingStep>& NoisyClassifierTrainer::lossHistory() const {
  return m_loop->history();
}

}  // namespace anomadiff::engine
