#include "engine/training/NoisyClassifierTrainer.h"

#include "common/Error.h"
#include "engine/io/SafeTensorsModule.h"
#include "engine/networks/NoisyClassifierNet.h"
#include "engine/training/TrainingLoop.h"

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
    if (m_model->config().head != NoisyClassifierNetConfig::kCellHead) {
      return torch::cross_entropy_loss(m_model->forward(xt, t), batch.labels);
    }
    return cellLoss(m_model->cellLogits(xt, t), batch);
  };
  return m_loop->run(data, loss, progress, cancel);
}

torch::Tensor NoisyClassifierTrainer::cellLoss(const torch::Tensor& logits,
                                               const TrainingBatch& batch) const {
  if (!batch.lesionMasks.defined()) {
    throw InvalidArgument(
        "the cell-head classifier needs lesion masks; the training data has none");
  }
  // A cell is anomalous when at least a quarter of it is lesion: smaller slivers are mostly
  // healthy tissue and would teach the head to fire on lesion borders.
  const int cell = m_model->cellSize();
  const auto fraction = torch::avg_pool2d(batch.lesionMasks, cell, cell);
  const auto targets = fraction.ge(0.25).squeeze(1).to(torch::kInt64);
  // Lesion cells are ~1 % of all cells; weighting them keeps the head from answering "healthy"
  // everywhere.
  const auto weights = torch::tensor({1.0f, static_cast<float>(kLesionCellWeight)});
  return torch::nn::functional::cross_entropy(
      logits, targets, torch::nn::functional::CrossEntropyFuncOptions().weight(weights));
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
