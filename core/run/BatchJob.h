#pragma once

#include "common/CancelToken.h"
#include "run/BatchShard.h"
#include "run/LocalizeJob.h"
#include "run/MethodSetup.h"

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>

namespace anomadiff::run {

struct BatchRecord;

/// What `anomadiff-cli batch` is asked for.
struct BatchRequest {
  std::filesystem::path inputs;     ///< folder or list file (BatchInputs)
  std::filesystem::path outputDir;  ///< one result folder per input, manifests, summary.html
  BatchShard shard;
  bool resume = false;
  /// With resume: run the inputs the manifest records as failed again.
  bool retryFailed = false;
  /// Everything a single localization takes besides input and output (threshold, gate, intake,
  /// memory budget); input and outputDir are set per input.
  LocalizeRequest localize;
};

struct BatchOutcome {
  std::size_t inputsTotal = 0;  ///< in the whole batch
  std::size_t inShard = 0;
  std::size_t succeeded = 0;
  std::size_t failed = 0;
  std::size_t skipped = 0;  ///< done by an earlier session (--resume)
};

/// Localizes every input of one shard with one loaded method (docs/ARCHITECTURE.md §4.4): each
/// into OUTPUT/<name>/ through LocalizeJob, the manifest rewritten after each input, a failing
/// input recorded with its one-line error and skipped (the batch goes on), and with --resume
/// every input the manifest has (done or failed) skipped. An input is recorded as "running"
/// before it starts, so one that took the process down (a crash, a kill) is found by --resume
/// and recorded as failed instead of taking the next session down too. Ends by rewriting
/// summary.html.
class BatchJob {
 public:
  /// Told each input as it finishes: the record and how many of the shard are done.
  using Observer = std::function<void(const BatchRecord&, std::size_t done, std::size_t total)>;

  explicit BatchJob(BatchRequest request) : m_request(std::move(request)) {}
  /// Throws InvalidArgument for bad inputs/output (before any input runs), for an existing
  /// manifest without --resume and for --resume with another method or model; Cancelled when
  /// `cancel` fires (after the input at hand, whose result is kept).
  BatchOutcome run(PreparedMethod& method, const Observer& observer,
                   const CancelToken& cancel) const;

 private:
  BatchRequest m_request;
};

}  // namespace anomadiff::run
