#include "findings/RunFolders.h"

#include "common/Error.h"
#include "findings/SessionFile.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <exception>

namespace anomadiff::gui {

QString RunFolders::next() {
  const QString stamp =
      QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz"));
  QDir().mkpath(m_root);
  return QDir(m_root).filePath(QStringLiteral("run-%1-%2").arg(stamp).arg(++m_count));
}

QStringList RunFolders::prune(int keep) const {
  const QDir runs(m_root);
  const auto folders = runs.entryList({QStringLiteral("run-*")}, QDir::Dirs, QDir::Name);
  QStringList removed;
  for (qsizetype i = 0; i + keep < folders.size(); ++i) {
    const QString folder = runs.filePath(folders[i]);
    if (isPinned(folder)) continue;
    if (QDir(folder).removeRecursively()) removed << folder;
  }
  return removed;
}

void RunFolders::pin(const QString& runFolder, const QString& sessionPath) {
  const QString session = QFileInfo(sessionPath).absoluteFilePath();
  QStringList pins = pinsOf(runFolder);
  if (pins.contains(session)) return;
  pins << session;
  const QString path = QDir(runFolder).filePath(QString::fromLatin1(kPinsFile));
  QSaveFile file(path);
  const QByteArray text = pins.join('\n').toUtf8() + '\n';
  if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size() || !file.commit()) {
    throw IoError("cannot write '" + path.toStdString() + "': " + file.errorString().toStdString());
  }
}

bool RunFolders::isPinned(const QString& runFolder) {
  for (const QString& session : pinsOf(runFolder)) {
    if (refersTo(session, runFolder)) return true;
  }
  return false;
}

QStringList RunFolders::pinsOf(const QString& runFolder) {
  QFile file(QDir(runFolder).filePath(QString::fromLatin1(kPinsFile)));
  if (!file.open(QIODevice::ReadOnly)) return {};
  QStringList pins;
  for (const QByteArray& line : file.readAll().split('\n')) {
    if (!line.trimmed().isEmpty()) pins << QString::fromUtf8(line.trimmed());
  }
  return pins;
}

bool RunFolders::refersTo(const QString& sessionPath, const QString& runFolder) {
  if (!QFileInfo::exists(sessionPath)) return false;
  try {
    const Session session =
        SessionFile().read(std::filesystem::path(QFile::encodeName(sessionPath).toStdString()));
    const QString named =
        QFileInfo(QString::fromStdString(session.resultFolder)).canonicalFilePath();
    return !named.isEmpty() && named == QFileInfo(runFolder).canonicalFilePath();
  } catch (const std::exception&) {
    return false;  // an unreadable session shows nothing; it keeps nothing alive either
  }
}

}  // namespace anomadiff::gui
