#pragma once

#include "findings/RunFolders.h"
#include "protocol/WorkerEvent.h"
#include "protocol/WorkerRequest.h"
#include "result/LocalizationResult.h"

#include <QJsonObject>
#include <QObject>
#include <QString>

#include <optional>

namespace anomadiff::gui {

class WorkerClient;

/// Runs localizations for the window: turns (image, method, parameters) into worker requests
/// with a fresh output folder per job, follows only the latest job (a newer request supersedes
/// the running one, which the worker cancels), and loads its folder into a LocalizationResult.
/// Every failure — the worker's error, a crash, an unreadable result — arrives as jobFailed with
/// a message; nothing here throws into the event loop. A job lost with its worker is kept, so
/// the reader can run it again with one click (rerunInterrupted).
class LocalizationController : public QObject {
  Q_OBJECT

 public:
  /// `runsFolder`: where job folders are created; the newest kKeptRuns are kept, and older ones
  /// a saved session refers to (RunFolders).
  LocalizationController(WorkerClient* worker, QString runsFolder, QObject* parent = nullptr);

  static constexpr int kKeptRuns = 20;

  /// Starts a job and returns its id.
  QString run(const QString& inputPath, const QString& method, const QJsonObject& parameters,
              const QString& threshold = QStringLiteral("auto"));
  void cancel();
  /// Model bundle folder sent with every request; empty: the worker's embedded bundle.
  void setModelFolder(const QString& folder) { m_modelFolder = folder; }
  /// LibTorch threads for the next jobs (0: the worker's own setting).
  void setThreads(int threads) { m_threads = threads; }
  /// The job whose worker went while it ran can run again, unchanged, into a new folder.
  bool canRerunInterrupted() const { return m_interrupted.has_value(); }
  /// Runs the interrupted job again; returns its new id (empty when there is none).
  QString rerunInterrupted();
  bool isRunning() const { return !m_currentJob.isEmpty(); }
  QString currentJob() const { return m_currentJob; }
  QString runsFolder() const { return m_runs.root(); }

 Q_SIGNALS:
  void jobStarted(const QString& id);
  void jobProgress(int done, int total, const QString& stage);
  /// A look at the running job's pseudo-healthy estimate (an image file on the input grid).
  void jobPreview(const QString& file);
  void resultReady(const anomadiff::gui::LocalizationResult& result,
                   const anomadiff::protocol::LocalizeResultEvent& details);
  void jobCancelled();
  void jobFailed(const QString& message);
  /// The worker went while the current job ran (after jobFailed): rerunInterrupted() can run it.
  void jobInterrupted(const QString& message);

 private:
  void onFinished(const QString& id, const protocol::LocalizeResultEvent& details);
  void onFailed(const QString& id, const QString& message);
  void onInterrupted(const QString& id, const protocol::LocalizeCommand& request,
                     const QString& message);
  QString send(protocol::LocalizeCommand request);

  WorkerClient* m_worker;
  RunFolders m_runs;
  QString m_currentJob;
  QString m_modelFolder;
  int m_threads = 0;
  std::optional<protocol::LocalizeCommand> m_interrupted;
};

}  // namespace anomadiff::gui
