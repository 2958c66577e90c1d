#pragma once

#include "protocol/WorkerEvent.h"

#include <mutex>
#include <optional>
#include <ostream>
#include <string>

namespace anomadiff::cli {

/// The worker's side of the JSON-lines protocol (protocol/WorkerEvent.h, docs/ARCHITECTURE.md §3):
/// one event per line on stdout, flushed at once so the GUI sees progress live. Thread-safe: the
/// job thread reports progress while the reader thread answers requests.
class WorkerEvents {
 public:
  using Id = std::optional<std::string>;

  explicit WorkerEvents(std::ostream& out) : m_out(out) {}

  void send(const Id& id, protocol::WorkerEvent::Body body);

  void progress(const Id& id, int done, int total, const std::string& stage) {
    send(id, protocol::ProgressEvent{done, total, stage});
  }
  /// A look at the current estimate of the pseudo-healthy image, written to `file`.
  void preview(const Id& id, const std::string& file, int step) {
    send(id, protocol::PreviewEvent{file, step});
  }
  void cancelled(const Id& id) { send(id, protocol::CancelledEvent{}); }
  void error(const Id& id, const std::string& message) { send(id, protocol::ErrorEvent{message}); }

 private:
  std::mutex m_mutex;
  std::ostream& m_out;
};

}  // namespace anomadiff::cli
