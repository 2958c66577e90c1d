#include "findings/SessionAutosaver.h"

#include "common/Error.h"
#include "findings/FindingsModel.h"
#include "findings/SessionFile.h"

#include <QDebug>

#include <system_error>
#include <utility>

namespace anomadiff::gui {

SessionAutosaver::SessionAutosaver(FindingsModel* model, std::filesystem::path path,
                                   QObject* parent)
    : QObject(parent), m_model(model), m_path(std::move(path)) {
  m_timer.setSingleShot(true);
  m_timer.setInterval(kDefaultDelayMs);
  connect(&m_timer, &QTimer::timeout, this, &SessionAutosaver::save);
  // Restarting on each edit debounces a drag's many edits into one write after it settles.
  connect(model, &FindingsModel::edited, &m_timer, qOverload<>(&QTimer::start));
}

void SessionAutosaver::setSession(const Session& session) {
  m_session = session;
}

Session SessionAutosaver::session() const {
  Session session = m_session;
  if (m_model != nullptr) session.findings = m_model->document();
  return session;
}

const std::filesystem::path& SessionAutosaver::path() const {
  return m_path;
}

void SessionAutosaver::setDelay(int milliseconds) {
  m_timer.setInterval(milliseconds);
}

bool SessionAutosaver::isPending() const {
  return m_timer.isActive();
}

void SessionAutosaver::flush() {
  if (isPending()) save();
}

void SessionAutosaver::save() {
  m_timer.stop();
  try {
    SessionFile().write(session(), m_path);
    Q_EMIT saved();
  } catch (const Error& error) {
    Q_EMIT saveFailed(QString::fromStdString(error.what()));
  }
}

void SessionAutosaver::discard() {
  m_timer.stop();
  std::error_code ignored;
  std::filesystem::remove(m_path, ignored);
}

std::optional<Session> SessionAutosaver::recover(const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return std::nullopt;
  try {
    return SessionFile().read(path);
  } catch (const Error& failure) {
    qWarning().noquote() << "autosaved session not recovered:" << failure.what();
    return std::nullopt;
  }
}

}  // namespace anomadiff::gui
