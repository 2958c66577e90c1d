#pragma once

#include "findings/Session.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <filesystem>
#include <optional>

namespace anomadiff::gui {

class FindingsModel;

/// Keeps a session file up to date while the reader edits, so a crash loses at most the last
/// half second: every FindingsModel::edited() (re)starts a short timer, and the session (the
/// metadata given with setSession, the model's current findings) is written when it fires or on
/// flush(). Writes are atomic (SessionFile). Failures are reported, never thrown, because they
/// happen in the event loop.
class SessionAutosaver : public QObject {
  Q_OBJECT

 public:
  static constexpr int kDefaultDelayMs = 500;

  SessionAutosaver(FindingsModel* model, std::filesystem::path path, QObject* parent = nullptr);

  /// Image, result, method, parameters and view to write with the findings (whose own value
  /// here is ignored: the model's are written).
  void setSession(const Session& session);
  /// The session as it would be written now.
  Session session() const;
  const std::filesystem::path& path() const;

  void setDelay(int milliseconds);
  /// True while an edit waits to be written.
  bool isPending() const;
  /// Writes now if an edit is waiting.
  void flush();
  /// Writes now, whether or not anything changed (e.g. right after opening a result).
  void save();
  /// Removes the file, e.g. after the reader saved or closed the session on purpose.
  void discard();

  /// The session left at `path` by an earlier run that did not end cleanly; none when there is
  /// no such file or it cannot be read (a warning names the reason).
  static std::optional<Session> recover(const std::filesystem::path& path);

 Q_SIGNALS:
  void saved();
  void saveFailed(const QString& message);

 private:
  QPointer<FindingsModel> m_model;
  std::filesystem::path m_path;
  Session m_session;
  QTimer m_timer;
};

}  // namespace anomadiff::gui
