#pragma once

namespace anomadiff::gui {

/// How WorkerClient watches its worker process (docs/ARCHITECTURE.md §3, "Supervision"). The
/// defaults suit the desktop; tests shorten them.
struct WorkerSupervision {
  /// A ping goes out when the worker has been silent this long.
  int heartbeatMs = 5000;
  /// A worker silent this long is hung: it is killed and restarted. Generous, because the worker
  /// reads requests while a job runs but waits for a superseded job to stop before it reads on,
  /// and the scan intake notices a cancel only between its stages.
  int answerTimeoutMs = 90000;
  /// An exit this soon after a start is a quick failure.
  int quickFailureMs = 10000;
  /// This many quick failures in a row stop the restarts until the reader asks for a retry.
  int maxQuickFailures = 3;
  /// The wait before the first restart; it doubles with each quick failure.
  int restartDelayMs = 500;
};

}  // namespace anomadiff::gui
