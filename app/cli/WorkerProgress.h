#pragma once

#include "cli/WorkerEvents.h"
#include "common/ProgressSink.h"

#include <chrono>
#include <filesystem>

namespace anomadiff::cli {

/// Progress of one worker job as protocol events. At most one event per 50 ms (and always the
/// last step of a stage), so a fast method does not flood the GUI's pipe.
class WorkerProgress final : public ProgressSink {
 public:
  /// `previewFile`: where previews are written (replaced atomically each time); empty: none.
  WorkerProgress(WorkerEvents& events, WorkerEvents::Id id, std::filesystem::path previewFile = {})
      : m_events(events), m_id(std::move(id)), m_previewFile(std::move(previewFile)) {}
  void progress(int done, int total, std::string_view stage) override;
  /// At most two previews a second (each is a file write and a GUI repaint), and fewer while
  /// writing one takes more than a twentieth of a second: a job spends ≤ 1/kPreviewShare on them.
  bool wantsPreview() override;
  void preview(const Image& estimate) override;

 private:
  static constexpr std::chrono::milliseconds kMinimumPreviewInterval{500};
  static constexpr int kPreviewShare = 10;

  WorkerEvents& m_events;
  WorkerEvents::Id m_id;
  std::chrono::steady_clock::time_point m_last{};
  std::filesystem::path m_previewFile;
  std::chrono::steady_clock::time_point m_lastPreview{};
  std::chrono::milliseconds m_previewInterval = kMinimumPreviewInterval;
  int m_previews = 0;
};

}  // namespace anomadiff::cli
