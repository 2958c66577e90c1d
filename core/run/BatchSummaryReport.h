#pragma once

#include <filesystem>

namespace anomadiff::run {

/// OUTPUT/summary.html across a whole batch: every shard's manifest merged — counts, total and
/// median time per input, the model and method, one row per input with its status, box count,
/// time, error and a link to its report. Each shard rewrites it (atomically) when it finishes,
/// so the last shard to finish leaves the complete one.
class BatchSummaryReport {
 public:
  static void write(const std::filesystem::path& outputDir);
};

}  // namespace anomadiff::run
