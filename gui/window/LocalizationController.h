#pragma once

#include "protocol/WorkerEvent.h"
#include "result/LocalizationResult.h"

#include <QJsonObject>
#include <QObject>
#include <QString>

namespace anomadiff::gui {

class WorkerClient;

/// Runs localizations for the window: turns (image, method, parameters) into worker requests
/// with a fresh output folder per job, follows only the latest job (a newer request supersedes
/// the running one, which the worker cancels), and loads its folder into a LocalizationResult.
/// Every failure — the worker's error, a crash, an unreadable result — arrives as jobFailed with
/// a message; nothing here throws into the event loop.
class LocalizationController : public QObject {
  Q_OBJECT

 public:
  /// `runsFolder`: where job folders are created; the newest kKeptRuns are kept.
  LocalizationController(WorkerClient* worker, QString runsFolder, QObject* parent = nullptr);

  static constexpr int kKeptRuns = 20;

  /// Starts a job and returns its id.
  QString run(const QString& inputPath, const QString& method, const QJsonObject& parameters,
              const QString& threshold = QStringLiteral("auto"));
  void cancel();
  /// Model bundle folder sent with every request; empty: the worker's embedded bundle.
  void setModelFolder(const QString& folder) { m_modelFolder = folder; }
  bool isRunning() const { return !m_currentJob.isEmpty(); }
  QString currentJob() const { return m_currentJob; }
  QString runsFolder() const { return m_runsFolder; }

 Q_SIGNALS:
  void jobStarted(const QString& id);
  void jobProgress(int done, int total, const QString& stage);
  /// A look at the running job's pseudo-healthy estimate (an image file on the input grid).
  void jobPreview(const QString& file);
  void resultReady(const anomadiff::gui::LocalizationResult& result,
                   const anomadiff::protocol::LocalizeResultEvent& details);
  void jobCancelled();
  void jobFailed(const QString& message);

 private:
  void onFinished(const QString& id, const protocol::LocalizeResultEvent& details);
  void onFailed(const QString& id, const QString& message);
  void onCrashed(const QString& message);
  QString newJobFolder();
  void pruneOldRuns();

  WorkerClient* m_worker;
  QString m_runsFolder;
  QString m_currentJob;
  int m_jobCount = 0;
  QString m_modelFolder;
};

}  // namespace anomadiff::gui
