#pragma once

#include "worker/WorkerSupervision.h"

#include <optional>

namespace anomadiff::gui {

/// When to start a worker again after it ended without being asked to: at once-ish after a
/// worker that ran a while (a crash in one job should not cost the next), with a doubling wait
/// after quick failures, and never again after `maxQuickFailures` quick failures in a row — a
/// worker that cannot start would otherwise be restarted in a loop. Times are milliseconds on
/// any monotonic clock; no Qt, so the rule is tested alone.
class RestartPolicy {
 public:
  explicit RestartPolicy(const WorkerSupervision& supervision) : m_supervision(supervision) {}

  void started(long long nowMs) { m_startedMs = nowMs; }
  /// The wait before the next start, or nullopt: give up.
  std::optional<int> afterExit(long long nowMs);
  /// The reader asked for a retry: the count starts again.
  void reset() { m_quickFailures = 0; }
  int quickFailures() const { return m_quickFailures; }

 private:
  WorkerSupervision m_supervision;
  long long m_startedMs = 0;
  int m_quickFailures = 0;
};

}  // namespace anomadiff::gui
