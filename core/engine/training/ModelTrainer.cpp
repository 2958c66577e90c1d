#include "engine/training/ModelTrainer.h"

#include "engine/io/SafeTensorsModule.h"
#include "engine/training/DataParallelGroup.h"
#include "engine/training/TrainingLoop.h"

#include <torch/torch.h>

#include <cmath>

namespace anomadiff::engine {

ModelTrainer::ModelTrainer(const NoiseSchedule& schedule, const TrainingOptions& options) {
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
}

ModelTrainer::~ModelTrainer() = default;

void ModelTrainer::attach(std::shared_ptr<torch::nn::Module> model,
                          std::shared_ptr<torch::nn::Module> ema, TrainingOptions options,
                          std::string kind, std::string config) {
  m_model = model;
  m_ema = ema;
  m_loop = std::make_unique<TrainingLoop>(std::move(model), std::move(ema), std::move(options),
                                          std::move(kind), std::move(config));
}

TrainingSummary ModelTrainer::train(TrainingDataSource& data, ProgressSink& progress,
                                    const CancelToken& cancel) {
  return m_loop->run(
      data, [this](const TrainingBatch& batch) { return loss(batch); }, progress, cancel);
}

void ModelTrainer::joinGroup(std::shared_ptr<DataParallelGroup> group) {
  m_loop->joinGroup(group);
  m_group = std::move(group);
}

std::int64_t ModelTrainer::globalRows(std::int64_t localRows) const {
  return m_group ? localRows * m_group->worldSize() : localRows;
}

torch::Tensor ModelTrainer::ownRows(const torch::Tensor& globalDraw) const {
  if (!m_group) return globalDraw;
  const auto share = globalDraw.size(0) / m_group->worldSize();
  return globalDraw.narrow(0, share * m_group->rank(), share);
}

double ModelTrainer::sumOverRanks(double value) const {
  return m_group ? m_group->sum(value) : value;
}

torch::Tensor ModelTrainer::drawTimesteps(std::int64_t count) const {
  return torch::randint(m_minTimestep, m_maxTimestep + 1, {count}, torch::kInt64);
}

torch::Tensor ModelTrainer::drawTimestepsFavouringHigh(std::int64_t count) const {
  const auto range = static_cast<double>(m_maxTimestep - m_minTimestep + 1);
  const auto below = (torch::rand({count}, torch::kFloat64).square() * range).floor();
  return (m_maxTimestep - below).clamp(m_minTimestep, m_maxTimestep).to(torch::kInt64);
}

WeightTransfer::Report ModelTrainer::transferWeights(const torch::nn::Module& source,
                                                     const std::vector<std::string>& keep) {
  auto report = WeightTransfer::copyMatching(*m_model, source, keep);
  m_loop->resetEma();
  return report;
}

torch::Tensor ModelTrainer::signalScale(const torch::Tensor& timesteps) const {
  return m_signalScale.index_select(0, timesteps);
}

torch::Tensor ModelTrainer::noiseScale(const torch::Tensor& timesteps) const {
  return m_noiseScale.index_select(0, timesteps);
}

torch::Tensor ModelTrainer::noised(const torch::Tensor& x0, const torch::Tensor& timesteps,
                                   const torch::Tensor& epsilon) const {
  const auto shape = std::vector<std::int64_t>{x0.size(0), 1, 1, 1};
  return signalScale(timesteps).view(shape) * x0 + noiseScale(timesteps).view(shape) * epsilon;
}

void ModelTrainer::loadCheckpoint(const std::filesystem::path& path) {
  m_loop->loadCheckpoint(path);
}

void ModelTrainer::saveCheckpoint(const std::filesystem::path& path) const {
  m_loop->saveCheckpoint(path);
}

void ModelTrainer::loadWeights(const std::filesystem::path& path) {
  SafeTensorsModule::load(*m_model, path);
  m_loop->resetEma();
}

void ModelTrainer::saveEmaWeights(const std::filesystem::path& path,
                                  const std::map<std::string, std::string>& metadata) const {
  SafeTensorsModule::save(*m_ema, path, metadata);
}

std::int64_t ModelTrainer::exchangeBytesPerStep() const {
  return DataParallelGroup::exchangeBytes(m_model->parameters());
}

int ModelTrainer::step() const {
  return m_loop->step();
}

const std::vector<TrainingStep>& ModelTrainer::lossHistory() const {
  return m_loop->history();
}

}  // namespace anomadiff::engine
