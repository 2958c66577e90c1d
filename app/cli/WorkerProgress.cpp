#include "cli/WorkerProgress.h"

#include "image/ImageWriter.h"

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
  return std::chrono::steady_clock::now() - m_lastPreview >= std::chrono::milliseconds(500);
}

void WorkerProgress::preview(const Image& estimate) {
  m_lastPreview = std::chrono::steady_clock::now();
  // A preview is a courtesy: failing to write one must not fail the job.
  try {
    ImageWriter().write(estimate, m_previewFile);
  } catch (const std::exception&) {
    return;
  }
  m_events.preview(m_id, m_previewFile.string(), ++m_previews);
}

}  // namespace anomadiff::cli
