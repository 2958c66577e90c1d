#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>

namespace anomadiff::engine {

/// One optimizer step as reported to TrainingOptions::onStep and written to the loss log.
struct TrainingStep {
  int step = 0;  // 1-based, counted across resumed sessions
  double loss = 0.0;
  double learningRate = 0.0;
  double seconds = 0.0;       // wall time since the run started, summed over sessions
  double gradientNorm = 0.0;  // before clipping
};

/// Everything a training run needs besides the model and the data (Slicer's "one parameter
/// object"). Shared by the diffusion and the noisy-classifier trainer.
struct TrainingOptions {
  /// Total optimizer steps of the run, counted across resumed sessions.
  int steps = 10000;
  int batchSize = 16;
  double learningRate = 1e-4;
  /// Linear learning-rate warm-up over this many steps (0: none).
  int warmupSteps = 0;
  /// AdamW's decoupled weight decay.
  double weightDecay = 0.0;
  /// EMA of the weights (what inference uses). The effective decay ramps up as
  /// min(emaDecay, (1 + step) / (10 + step)) so short runs are not dominated by the initial
  /// random weights.
  double emaDecay = 0.9999;
  /// Clip the gradient's global L2 norm to this; <= 0 disables clipping.
  double gradientClipNorm = 1.0;
  /// Timesteps are drawn uniformly from [minTimestep, maxTimestep]; -1 means T - 1. Restricting
  /// the range trains only the noise levels a localization method uses.
  int minTimestep = 0;
  int maxTimestep = -1;
  /// Diffusion training of a class-conditional UNet: probability that a label is replaced by
  /// the null class (classifier-free guidance needs both). Ignored by unconditional models.
  double classDropout = 0.1;
  /// Seeds LibTorch's generator (noise, timesteps, dropout, weight init) and the data order.
  std::uint64_t seed = 0;
  /// Where checkpoints go (empty: none). A checkpoint is written every `checkpointEvery`
  /// steps (0: only when the run finishes or is cancelled).
  std::filesystem::path checkpointPath;
  int checkpointEvery = 0;
  /// CSV "step,loss,lr,seconds" (empty: none), rewritten atomically every `logEvery` steps,
  /// with every checkpoint and when the run ends.
  std::filesystem::path lossLogPath;
  int logEvery = 100;
  /// Optional: called after every step (console output, GUI plots).
  std::function<void(const TrainingStep&)> onStep;

  /// Throws InvalidArgument naming the first bad field; `scheduleSteps` is T.
  void validate(int scheduleSteps) const;
  /// maxTimestep with -1 resolved against T.
  int resolvedMaxTimestep(int scheduleSteps) const {
    return maxTimestep < 0 ? scheduleSteps - 1 : maxTimestep;
  }
};

/// What a finished train() call reports.
struct TrainingSummary {
  int steps = 0;  // steps done in total (across sessions)
  int stepsThisSession = 0;
  double meanRecentLoss = 0.0;  // mean over the last min(100, steps) steps
  double seconds = 0.0;         // total wall time across sessions
};

}  // namespace anomadiff::engine
