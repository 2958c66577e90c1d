#pragma once

#include "common/CancelToken.h"
#include "common/ProgressSink.h"
#include "engine/training/ShuffledOrder.h"
#include "engine/training/TrainingDataSource.h"
#include "engine/training/TrainingOptions.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace torch::nn {
class Module;
}
namespace torch::optim {
class AdamW;
}

namespace anomadiff::engine {

class DataParallelGroup;

/// What training does independently of the loss: data order, AdamW, gradient clipping, EMA
/// weights, progress and cancel, the loss log and resumable checkpoints. DiffusionTrainer and
/// NoisyClassifierTrainer supply the loss.
///
/// Determinism: LibTorch's global CPU generator (noise, timesteps, dropout) is seeded with
/// options.seed when a run starts and its state travels in checkpoints; the data order comes
/// from our own generator as a pure function of (seed, example counter). So N steps in one go
/// and N/2 + resume + N/2 give bit-identical weights (same thread count).
///
/// Data parallel (joinGroup): every rank draws the same global batch of options().batchSize
/// indices and trains on its contiguous share; the gradients are averaged over the ranks before
/// clipping, so N ranks take the steps one process would (up to the order of the float sums).
/// Rank 0 alone writes checkpoints and the loss log.
class TrainingLoop {
 public:
  using LossFunction = std::function<torch::Tensor(const TrainingBatch&)>;

  /// `ema` must have `model`'s architecture; it starts as a copy of the model. `kind` and
  /// `modelConfig` (JSON text) identify the run, so a checkpoint is only resumed by the same kind
  /// of trainer with the same model. Options must have been validated.
  TrainingLoop(std::shared_ptr<torch::nn::Module> model, std::shared_ptr<torch::nn::Module> ema,
               TrainingOptions options, std::string kind, std::string modelConfig);
  ~TrainingLoop();
  TrainingLoop(const TrainingLoop&) = delete;
  TrainingLoop& operator=(const TrainingLoop&) = delete;

  /// Trains until options().steps steps are done (in total). Cancel is checked before every
  /// step; a cancelled run writes its checkpoint and log, then throws Cancelled.
  TrainingSummary run(TrainingDataSource& data, const LossFunction& loss, ProgressSink& progress,
                      const CancelToken& cancel);

  /// Model, EMA, AdamW state, step, data position, generator state and the loss history.
  void saveCheckpoint(const std::filesystem::path& path) const;
  /// Throws IoError for an unreadable checkpoint or one of another kind or model, and
  /// InvalidArgument when its seed differs from options().seed.
  void loadCheckpoint(const std::filesystem::path& path);
  /// CSV "step,loss,lr,seconds", written atomically.
  void writeLossLog(const std::filesystem::path& path) const;
  /// Makes the EMA a copy of the model again (after loading pretrained weights).
  void resetEma();
  /// Trains as one rank of `group` from the next run() on (batchSize must divide by its size).
  void joinGroup(std::shared_ptr<DataParallelGroup> group);

  int step() const { return m_step; }
  const std::vector<TrainingStep>& history() const { return m_history; }
  const TrainingOptions& options() const { return m_options; }

 private:
  std::vector<std::int64_t> nextIndices(std::int64_t datasetSize);
  void updateEma();
  double learningRateAt(int step) const;
  void captureGeneratorState();
  void writeCheckpoint(const std::filesystem::path& path, double seconds) const;
  void saveOutputs();
  bool writesOutputs() const;
  std::vector<std::int64_t> ownShare(std::vector<std::int64_t> indices) const;
  void startGroupRun();

  std::shared_ptr<torch::nn::Module> m_model;
  std::shared_ptr<torch::nn::Module> m_ema;
  std::unique_ptr<torch::optim::AdamW> m_optimizer;
  TrainingOptions m_options;
  std::string m_kind;
  std::string m_modelConfig;

  int m_step = 0;
  std::int64_t m_samplesSeen = 0;
  double m_secondsBefore = 0.0;    // wall time of earlier sessions
  torch::Tensor m_generatorState;  // undefined until a run started or a checkpoint was loaded
  std::vector<TrainingStep> m_history;
  std::shared_ptr<DataParallelGroup> m_group;  // null: a single-process run
  ShuffledOrder m_order;
};

}  // namespace anomadiff::engine
