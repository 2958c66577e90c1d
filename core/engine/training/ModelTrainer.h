#pragma once

#include "common/CancelToken.h"
#include "common/ProgressSink.h"
#include "engine/schedule/NoiseSchedule.h"
#include "engine/training/TrainingDataSource.h"
#include "engine/training/TrainingOptions.h"
#include "engine/training/WeightTransfer.h"

#include <torch/types.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace torch::nn {
class Module;
}

namespace anomadiff::engine {

class DataParallelGroup;
class TrainingLoop;

/// What training a network on noised images shares, whatever it predicts: the schedule's
/// √ᾱ_t and √(1−ᾱ_t), t drawn uniformly in [minTimestep, maxTimestep], the model with its EMA
/// copy, and the TrainingLoop (AdamW, EMA, checkpoints, determinism). DiffusionTrainer (ε) and
/// NoisyClassifierTrainer (class logits) supply only the loss, so a training job drives either
/// through this one interface.
class ModelTrainer {
 public:
  virtual ~ModelTrainer();
  ModelTrainer(const ModelTrainer&) = delete;
  ModelTrainer& operator=(const ModelTrainer&) = delete;

  /// Trains until options.steps steps are done in total. Throws Cancelled (after writing the
  /// checkpoint and the log) when `cancel` fires.
  TrainingSummary train(TrainingDataSource& data, ProgressSink& progress,
                        const CancelToken& cancel);

  /// Resumes a run from a checkpoint written by this kind of trainer with the same config and seed.
  void loadCheckpoint(const std::filesystem::path& path);
  void saveCheckpoint(const std::filesystem::path& path) const;
  /// Starts from existing weights (model and EMA), e.g. to fine-tune a bundle's model.
  void loadWeights(const std::filesystem::path& path);
  /// The EMA weights as an inference weights file (what a bundle stores).
  void saveEmaWeights(const std::filesystem::path& path,
                      const std::map<std::string, std::string>& metadata = {}) const;

  /// Trains as one rank of a data-parallel group (TrainingLoop::joinGroup). The random draws
  /// of each batch (t, ε, dropout) are made for the whole global batch on every rank and each
  /// keeps its own rows, so the ranks see exactly the numbers one process would.
  void joinGroup(std::shared_ptr<DataParallelGroup> group);

  /// Bytes each rank sends into the all-reduce of one data-parallel step (the payload).
  std::int64_t exchangeBytesPerStep() const;

  int step() const;
  const std::vector<TrainingStep>& lossHistory() const;

 protected:
  /// Validates the options against the schedule and seeds LibTorch with options.seed (before
  /// the subclass builds its model, so the initial weights follow the seed).
  ModelTrainer(const NoiseSchedule& schedule, const TrainingOptions& options);

  /// Hands the built model and its EMA copy to the loop; `kind` and `config` (JSON text)
  /// identify the run in checkpoints.
  void attach(std::shared_ptr<torch::nn::Module> model, std::shared_ptr<torch::nn::Module> ema,
              TrainingOptions options, std::string kind, std::string config);

  /// The loss of one batch (called by train with gradients on).
  virtual torch::Tensor loss(const TrainingBatch& batch) = 0;

  /// Rows of the global batch of which `localRows` are this rank's (= localRows in one process).
  std::int64_t globalRows(std::int64_t localRows) const;
  /// This rank's rows of a draw made for globalRows() rows (the draw itself in one process).
  torch::Tensor ownRows(const torch::Tensor& globalDraw) const;
  /// Σ over the ranks (the value itself in one process); for normalisers of a loss that is not
  /// a plain mean, so that the averaged gradient is the one-process gradient.
  double sumOverRanks(double value) const;

  /// `count` timesteps uniform in [minTimestep, maxTimestep], from LibTorch's global generator.
  torch::Tensor drawTimesteps(std::int64_t count) const;
  /// `count` timesteps in [minTimestep, maxTimestep] whose density grows towards maxTimestep:
  /// t = max − ⌊(max − min + 1)·u²⌋ with u uniform, so half of them lie in the top quarter and
  /// the lowest levels keep half the uniform density. For models whose sampling starts from
  /// pure noise and whose low-t task has a shortcut (a mask segmenter reads the noisy mask).
  torch::Tensor drawTimestepsFavouringHigh(std::int64_t count) const;
  /// Starts the model, and its EMA, from `source` where their weights agree (WeightTransfer).
  WeightTransfer::Report transferWeights(const torch::nn::Module& source,
                                         const std::vector<std::string>& keep);
  /// √ᾱ_t and √(1−ᾱ_t) at each timestep of a batch ([B], float32).
  torch::Tensor signalScale(const torch::Tensor& timesteps) const;
  torch::Tensor noiseScale(const torch::Tensor& timesteps) const;
  /// x_t = √ᾱ_t x_0 + √(1−ᾱ_t) ε per batch row.
  torch::Tensor noised(const torch::Tensor& x0, const torch::Tensor& timesteps,
                       const torch::Tensor& epsilon) const;

 private:
  torch::Tensor m_signalScale;  // √ᾱ_t, float32 [T]
  torch::Tensor m_noiseScale;   // √(1−ᾱ_t)
  int m_minTimestep;
  int m_maxTimestep;
  std::shared_ptr<torch::nn::Module> m_model;
  std::shared_ptr<torch::nn::Module> m_ema;
  std::unique_ptr<TrainingLoop> m_loop;
  std::shared_ptr<DataParallelGroup> m_group;
};

}  // namespace anomadiff::engine
