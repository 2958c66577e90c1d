#pragma once

#include "common/CancelToken.h"
#include "engine/training/TrainingOptions.h"
#include "run/TrainingRequest.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>

namespace anomadiff::run {

/// What a finished or cancelled training run reports.
struct TrainingOutcome {
  bool cancelled = false;           ///< the checkpoint holds the run; --resume continues it
  engine::TrainingSummary summary;  ///< steps, seconds, final loss (when not cancelled)
  std::filesystem::path weights;    ///< the EMA weights written (empty on ranks other than 0)
  std::filesystem::path checkpoint;
  std::optional<double> heldBackAccuracy;  ///< classifier only, when slices were held back
  /// Data parallel: bytes each rank all-reduces per step (0 for one process).
  std::int64_t exchangeBytesPerStep = 0;
};

/// One training run of a bundle's denoiser or classifier (docs/ARCHITECTURE.md §4.1): loads the
/// dataset, checks the bundle's other models share its resolution and schedule, records the run
/// for --resume (refusing changed settings), trains through engine::ModelTrainer, then writes
/// the EMA weights and merges the entry into model.json so the other models' entries survive.
class TrainingJob {
 public:
  using StepObserver = std::function<void(const engine::TrainingStep&)>;
  /// Told the step the run starts from (0, or where a resumed run stands) before the first
  /// step; returns what observes every step.
  using StartObserver = std::function<StepObserver(int firstStep)>;

  explicit TrainingJob(TrainingRequest request);
  /// Throws InvalidArgument / IoError naming the problem; a cancel returns cancelled = true
  /// after the checkpoint is written.
  TrainingOutcome run(const StartObserver& start, const CancelToken& cancel) const;

 private:
  TrainingRequest m_request;
};

}  // namespace anomadiff::run
