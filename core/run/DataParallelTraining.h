#pragma once

#include "run/TrainingRequest.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>

namespace anomadiff::engine {
class DataParallelGroup;
class ModelTrainer;
}  // namespace anomadiff::engine

namespace anomadiff::run {

/// How a TrainingJob takes part in a data-parallel group (docs/ARCHITECTURE.md §4.1): every
/// rank gets the same command; rank 0 owns the bundle folder (run record, checkpoints, loss log,
/// weights, model.json); the others only need the dataset and never write.
class DataParallelTraining {
 public:
  /// Joins the group the request names (null for a single-process request), then checks that
  /// every rank was given the same `settings` (the run record's) and --resume.
  static std::shared_ptr<engine::DataParallelGroup> join(const TrainingRequest& request,
                                                         const nlohmann::json& settings);
  /// Resumes every rank from rank 0's checkpoint: rank 0 reads `checkpoint`, the others
  /// receive its bytes over the group, so the ranks need no shared folder.
  static void resume(engine::ModelTrainer& trainer, engine::DataParallelGroup& group,
                     const std::filesystem::path& checkpoint);
};

}  // namespace anomadiff::run
