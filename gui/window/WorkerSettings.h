#pragma once

#include <QString>
#include <QStringList>

namespace anomadiff::gui {

/// How the window reaches its engine: the `anomadiff-cli` executable it starts as a worker, and
/// where runs and the autosaved session live.
struct WorkerSettings {
  QString program;        ///< path of anomadiff-cli
  QStringList arguments;  ///< after "worker", e.g. {"--threads", "2"}
  QString modelFolder;    ///< model bundle; empty: the embedded default bundle
  QString runsFolder;     ///< one sub-folder per localization
  QString autosavePath;   ///< the session written after every edit, for crash recovery
  int threads = 0;        ///< LibTorch threads (for the status bar; 0 = one per core)
};

}  // namespace anomadiff::gui
