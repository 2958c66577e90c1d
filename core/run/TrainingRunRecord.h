#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace anomadiff::run {

/// BUNDLE/checkpoints/<kind>_run.json: the settings a run must keep to be resumed and the
/// command of each session. Starting over on a checkpoint, or resuming with another setting,
/// is refused so two runs are never mixed in one set of weights.
class TrainingRunRecord {
 public:
  /// Opens the record for a session: with `resume`, the checkpoint and record must exist and
  /// `settings` must equal the stored ones; without, no checkpoint may exist. Appends
  /// `commandLine` to the sessions, writes the record atomically and returns the sessions.
  /// Throws InvalidArgument (naming the changed setting) or IoError.
  static nlohmann::json open(const std::filesystem::path& checkpoints, const std::string& kind,
                             const nlohmann::json& settings,
                             const std::vector<std::string>& commandLine, bool resume);
  /// Throws InvalidArgument naming the first key whose value differs ("the checkpoint was
  /// trained with KEY=BEFORE, now NOW"); a key on one side only is a difference too.
  static void requireSame(const nlohmann::json& stored, const nlohmann::json& now);
  static std::filesystem::path checkpointPath(const std::filesystem::path& checkpoints,
                                              const std::string& kind);
};

}  // namespace anomadiff::run
