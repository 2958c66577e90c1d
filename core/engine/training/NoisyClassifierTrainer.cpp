#include "engine/training/NoisyClassifierTrainer.h"

#include "common/Error.h"
#include "engine/networks/NoisyClassifierNet.h"

#include <torch/torch.h>
#include <nlohmann/json.hpp>

namespace anomadiff::engine {

NoisyClassifierTrainer::NoisyClassifierTrainer(const NoisyClassifierNetConfig& config,
                                               const NoiseSchedule& schedule,
                                               TrainingOptions options)
    : ModelTrainer(schedule, options) {
  config.validate();
  m_model = std::make_shared<NoisyClassifierNetImpl>(config);
  m_ema = std::make_shared<NoisyClassifierNetImpl>(config);
  attach(m_model, m_ema, std::move(options), "classifier", config.toJson().dump());
}

NoisyClassifierTrainer::~NoisyClassifierTrainer() = default;

torch::Tensor NoisyClassifierTrainer::loss(const TrainingBatch& batch) {
  const int classes = m_model->config().classes;
  const auto& x0 = batch.images;
  const auto low = batch.labels.min().item<std::int64_t>();
  const auto high = batch.labels.max().item<std::int64_t>();
  if (low < 0 || high >= classes) {
    throw InvalidArgument("classifier training label " + std::to_string(low < 0 ? low : high) +
                          " is outside 0.." + std::to_string(classes - 1));
  }
  // Draw order is fixed (t, then ε) so a run is reproducible from the generator state; each
  // draw covers the global batch (data parallel: this rank keeps its rows).
  const auto rows = globalRows(x0.size(0));
  const auto t = ownRows(drawTimesteps(rows));
  auto shape = x0.sizes().vec();
  shape[0] = rows;
  const auto xt = noised(x0, t, ownRows(torch::randn(shape, x0.options())));
  if (m_model->config().head != NoisyClassifierNetConfig::kCellHead) {
    return torch::cross_entropy_loss(m_model->forward(xt, t), batch.labels);
  }
  return cellLoss(m_model->cellLogits(xt, t), batch);
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
  namespace F = torch::nn::functional;
  const int ranks = static_cast<int>(globalRows(1));
  if (ranks == 1)
    return F::cross_entropy(logits, targets, F::CrossEntropyFuncOptions().weight(weights));
  // A weighted mean divides by the batch's total weight: with the global batch split, each rank
  // divides by the mean share of the global total so the averaged gradient is one process's.
  const auto weighted = F::cross_entropy(
      logits, targets, F::CrossEntropyFuncOptions().weight(weights).reduction(torch::kNone));
  const double localWeight = weights.index_select(0, targets.flatten()).sum().item<double>();
  return weighted.sum() / (sumOverRanks(localWeight) / ranks);
}

}  // namespace anomadiff::engine
