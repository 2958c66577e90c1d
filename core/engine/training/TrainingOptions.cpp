#include "engine/training/TrainingOptions.h"

#include "common/Error.h"

#include <sstream>

namespace anomadiff::engine {
namespace {

template <typename Value>
[[noreturn]] void invalid(const char* field, Value value, const char* why) {
  std::ostringstream message;
  message << "training option " << field << "=" << value << " " << why;
  throw InvalidArgument(message.str());
}

}  // namespace

void TrainingOptions::validate(int scheduleSteps) const {
  if (steps < 0) invalid("steps", steps, "is negative");
  if (batchSize < 1) invalid("batch_size", batchSize, "must be >= 1");
  if (!(learningRate > 0.0 && learningRate < 1.0)) invalid("lr", learningRate, "is outside (0, 1)");
  if (warmupSteps < 0) invalid("warmup_steps", warmupSteps, "is negative");
  if (!(weightDecay >= 0.0)) invalid("weight_decay", weightDecay, "is negative");
  if (!(emaDecay >= 0.0 && emaDecay < 1.0)) invalid("ema_decay", emaDecay, "is outside [0, 1)");
  if (!(classDropout >= 0.0 && classDropout <= 1.0)) {
    invalid("class_dropout", classDropout, "is outside [0, 1]");
  }
  const int maxT = resolvedMaxTimestep(scheduleSteps);
  if (minTimestep < 0) invalid("min_timestep", minTimestep, "is negative");
  if (maxT >= scheduleSteps) {
    invalid("max_timestep", maxT, ("exceeds T-1=" + std::to_string(scheduleSteps - 1)).c_str());
  }
  if (minTimestep > maxT) {
    invalid("min_timestep", minTimestep, ("exceeds max_timestep=" + std::to_string(maxT)).c_str());
  }
  if (checkpointEvery < 0) invalid("checkpoint_every", checkpointEvery, "is negative");
  if (checkpointEvery > 0 && checkpointPath.empty()) {
    invalid("checkpoint_every", checkpointEvery, "needs a checkpoint path");
  }
  if (logEvery < 1) invalid("log_every", logEvery, "must be >= 1");
}

}  // namespace anomadiff::engine
