#include "cli/WorkerProgress.h"

#include <string>

namespace anomadiff::cli {

void WorkerProgress::progress(int done, int total, std::string_view stage) {
  const auto now = std::chrono::steady_clock::now();
  if (done < total && now - m_last < std::chrono::milliseconds(50)) return;
  m_last = now;
  m_events.progress(m_id, done, total, std::string(stage));
}

}  // namespace anomadiff::cli
