#include "cli/WorkerProgress.h"

#include "image/ImageWriter.h"

#include <algorithm>
#include <string>

namespace anomadiff::cli {

void WorkerProgress::progress(int done, int total, std::string_view stage) {
  const auto now = std::chrono::steady_clock::now();
  if (done < total && now - m_last < std::chrono::milliseconds(50)) return;
  m_last = now;
  m_events.progress(m_id, done, total, std::string(stage));
}

bool WorkerProgress::wantsPreview() {
  if (m_previewFile.empty()) return false;
  return std::chrono::steady_clock::now() - m_lastPreview >= m_previewInterval;
}

void WorkerProgress::preview(const Image& estimate) {
  const auto start = std::chrono::steady_clock::now();
  // A preview is a courtesy: failing to write one must not fail the job.
  try {
    ImageWriter().write(estimate, m_previewFile);
  } catch (const std::exception&) {
    return;
  }
  m_lastPreview = std::chrono::steady_clock::now();
  // A whole volume takes a while to write: the job spends at most a tenth of its time on it.
  m_previewInterval =
      std::max(kMinimumPreviewInterval, std::chrono::duration_cast<std::chrono::milliseconds>(
                                            (m_lastPreview - start) * kPreviewShare));
  m_events.preview(m_id, m_previewFile.string(), ++m_previews);
}

}  // namespace anomadiff::cli
