#include "worker/RestartPolicy.h"

namespace anomadiff::gui {

std::optional<int> RestartPolicy::afterExit(long long nowMs) {
  const bool quick = nowMs - m_startedMs < m_supervision.quickFailureMs;
  if (!quick) {
    m_quickFailures = 0;
    return m_supervision.restartDelayMs;
  }
  ++m_quickFailures;
  if (m_quickFailures >= m_supervision.maxQuickFailures) return std::nullopt;
  return m_supervision.restartDelayMs << (m_quickFailures - 1);
}

}  // namespace anomadiff::gui
