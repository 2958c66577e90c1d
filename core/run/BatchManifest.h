#pragma once

#include "run/BatchShard.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace anomadiff::run {

/// What happened to one input of a batch.
struct BatchRecord {
  std::size_t index = 0;
  std::string input;
  std::string result;  ///< result folder, relative to the batch's output folder
  std::string status;  ///< "ok" or "failed"
  std::string error;   ///< the one-line error of a failed input
  double seconds = 0.0;
  std::size_t boxes = 0;
  std::string modelSha256;
  std::string finishedUtc;

  nlohmann::json toJson() const;
  static BatchRecord fromJson(const nlohmann::json& entry);
};

/// A shard's account of a batch (docs/ARCHITECTURE.md §4.4): OUTPUT/manifest<tag>.json and
/// .csv, rewritten atomically after every input, so a batch killed at any moment leaves a
/// manifest of everything finished. Each shard has its own pair (parallel shards never write the
/// same file); `run` holds what every entry shares (version, method, model hash, parameters).
class BatchManifest {
 public:
  static constexpr const char* kFormat = "anomadiff-batch-manifest";

  BatchManifest(std::filesystem::path outputDir, BatchShard shard, nlohmann::json run);

  std::filesystem::path jsonPath() const;
  std::filesystem::path csvPath() const;
  bool exists() const;
  /// Takes over the entries of the manifest on disk (for --resume). Throws InvalidArgument when
  /// it was made with another method, model or parameters, naming the first difference.
  void resume();
  /// The entry of input `index`, or null.
  const BatchRecord* find(std::size_t index) const;
  /// Adds or replaces the entry of record.index and rewrites both files.
  void record(const BatchRecord& record);
  /// Drops the entry of input `index` (a cancelled input: the next session runs it) and rewrites.
  void forget(std::size_t index);
  /// Every manifest in `outputDir` (all shards), parsed; unreadable ones are skipped.
  static std::vector<nlohmann::json> readAll(const std::filesystem::path& outputDir);

 private:
  void write() const;

  std::filesystem::path m_outputDir;
  BatchShard m_shard;
  nlohmann::json m_run;
  std::map<std::size_t, BatchRecord> m_records;
};

}  // namespace anomadiff::run
