#include "run/TrainingRunRecord.h"

#include "common/Error.h"
#include "common/TextFileWriter.h"

#include <fstream>

namespace anomadiff::run {
namespace {

using nlohmann::json;

json readJsonFile(const std::filesystem::path& path) {
  std::ifstream stream(path);
  try {
    return json::parse(stream);
  } catch (const json::exception& error) {
    throw IoError("'" + path.string() + "' is not valid JSON: " + error.what());
  }
}

std::filesystem::path recordPath(const std::filesystem::path& checkpoints,
                                 const std::string& kind) {
  return checkpoints / (kind + "_run.json");
}

/// The sessions of the stored run, after checking it may be continued with `settings`.
json resumedSessions(const std::filesystem::path& checkpoints, const std::string& kind,
                     const json& settings) {
  const auto checkpoint = TrainingRunRecord::checkpointPath(checkpoints, kind);
  const auto record = recordPath(checkpoints, kind);
  if (!std::filesystem::exists(checkpoint) || !std::filesystem::exists(record)) {
    throw IoError("--resume: no " + kind + " checkpoint in '" + checkpoints.string() + "'");
  }
  const json stored = readJsonFile(record);
  TrainingRunRecord::requireSame(
      stored.is_object() ? stored.value("settings", json::object()) : json(), settings);
  return stored.value("sessions", json::array());
}

}  // namespace

std::filesystem::path TrainingRunRecord::checkpointPath(const std::filesystem::path& checkpoints,
                                                        const std::string& kind) {
  return checkpoints / (kind + "_checkpoint.safetensors");
}

void TrainingRunRecord::requireSame(const json& stored, const json& now) {
  json keys = now;
  if (stored.is_object()) keys.update(stored);  // a setting dropped now is a change too
  for (const auto& [key, ignored] : keys.items()) {
    const json before = stored.is_object() ? stored.value(key, json()) : json();
    const json value = now.value(key, json());
    if (before != value) {
      throw InvalidArgument("--resume: the checkpoint was trained with " + key + "=" +
                            before.dump() + ", now " + value.dump());
    }
  }
}

json TrainingRunRecord::open(const std::filesystem::path& checkpoints, const std::string& kind,
                             const json& settings, const std::vector<std::string>& commandLine,
                             bool resume) {
  json sessions = json::array();
  if (resume) {
    sessions = resumedSessions(checkpoints, kind, settings);
  } else if (std::filesystem::exists(checkpointPath(checkpoints, kind))) {
    throw InvalidArgument("'" + checkpointPath(checkpoints, kind).string() +
                          "' exists: continue it with --resume or delete it to start over");
  }
  std::filesystem::create_directories(checkpoints);
  sessions.push_back(commandLine);
  TextFileWriter().write(recordPath(checkpoints, kind),
                         json{{"settings", settings}, {"sessions", sessions}}.dump(2) + "\n");
  return sessions;
}

}  // namespace anomadiff::run
