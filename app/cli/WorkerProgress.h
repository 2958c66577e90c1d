#pragma once

#include "cli/WorkerEvents.h"
#include "common/ProgressSink.h"

#include <chrono>

namespace anomadiff::cli {

/// Progress of one worker job as protocol events. At most one event per 50 ms (and always the
/// last step of a stage), so a fast method does not flood the GUI's pipe.
class WorkerProgress final : public ProgressSink {
 public:
  WorkerProgress(WorkerEvents& events, nlohmann::json id) : m_events(events), m_id(std::move(id)) {}
  void progress(int done, int total, std::string_view stage) override;

 private:
  WorkerEvents& m_events;
  nlohmann::json m_id;
  std::chrono::steady_clock::time_point m_last{};
};

}  // namespace anomadiff::cli
