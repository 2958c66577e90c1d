#pragma once

#include <QString>
#include <QStringList>

namespace anomadiff::gui {

/// The window's run folders (one per localization, under one root) and their lifetime: the
/// newest few are kept, older ones pruned — except a folder that a session file still refers to.
/// A session that is saved (or autosaved) pins its result folder by adding its own path to the
/// folder's pins file; a pin holds while that file exists and still names the folder, so a
/// session deleted or re-saved with another result lets its old folder go.
class RunFolders {
 public:
  static constexpr const char* kPinsFile = "pinned-by.txt";

  explicit RunFolders(QString root) : m_root(std::move(root)) {}

  /// The path for the next run, "run-<UTC time>-<n>" (names sort by age). Only the root is
  /// created: the worker creates the folder itself and refuses one that has files.
  QString next();
  /// Removes all but the newest `keep` run folders, sparing pinned ones; returns the removed.
  QStringList prune(int keep) const;
  QString root() const { return m_root; }

  /// Records that the session file `sessionPath` refers to `runFolder` (atomic, idempotent).
  /// Throws IoError when the pins file cannot be written.
  static void pin(const QString& runFolder, const QString& sessionPath);
  /// True while a session listed in the folder's pins exists and refers to the folder.
  static bool isPinned(const QString& runFolder);

 private:
  static QStringList pinsOf(const QString& runFolder);
  static bool refersTo(const QString& sessionPath, const QString& runFolder);

  QString m_root;
  int m_count = 0;
};

}  // namespace anomadiff::gui
