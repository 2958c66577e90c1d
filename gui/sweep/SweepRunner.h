#pragma once

#include "image/Image.h"
#include "protocol/WorkerEvent.h"
#include "sweep/SweepRequest.h"

#include <QImage>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace anomadiff::gui {

struct LocalizationResult;
class WorkerClient;

/// Runs a parameter sweep in the background, one cell after another (row-major), and turns each
/// result folder into a thumbnail. It owns a worker process of its own: the worker cancels its
/// running job when a new one arrives, so sharing the window's worker would let the sweep and
/// the user's interactive runs cancel each other. A failed cell — the worker's error, a crash
/// (the worker is restarted), an unreadable result — is reported and the sweep goes on.
class SweepRunner : public QObject {
  Q_OBJECT

 public:
  /// `program` and `arguments` as for WorkerClient; `runsFolder` receives one folder per sweep,
  /// of which the newest kKeptSweeps are kept.
  SweepRunner(QString program, QStringList arguments, QString runsFolder,
              QObject* parent = nullptr);

  static constexpr int kKeptSweeps = 3;

  /// Starts `request`, replacing a running sweep (whose running cell the worker cancels; it
  /// reports nothing more). Throws InvalidArgument for a request without input, method or cells,
  /// or with several scales but no scale parameter.
  void start(const SweepRequest& request);
  /// Cancels the running cell and runs no further ones; emits cancelled() at once.
  void cancel();
  bool isRunning() const { return m_cell >= 0; }
  const SweepRequest& request() const { return m_request; }
  /// Where a finished cell's run was written (the full result, for adopting it); empty otherwise.
  QString cellFolder(int row, int column) const;
  /// The sweep worker's process id (0 before the first sweep), for tests and diagnostics.
  qint64 workerProcessId() const;
  /// LibTorch threads for each cell (0: the worker's own setting); see CoreShare.
  void setThreads(int threads) { m_threads = threads; }
  int threads() const { return m_threads; }

 Q_SIGNALS:
  void cellStarted(int row, int column);
  void cellProgress(int row, int column, int done, int total);
  /// `topScore`: the highest peak score of the cell's findings (0 without findings).
  void cellFinished(int row, int column, const QImage& thumbnail, double topScore, int boxCount);
  void cellFailed(int row, int column, const QString& message);
  /// After each cell, finished or failed.
  void progress(int cellsDone, int cellCount);
  /// Every cell has finished or failed (not after cancel() or a replacing start()).
  void finished();
  void cancelled();
  /// The sweep's worker cannot run (after cancelled()): the message says why.
  void stopped(const QString& message);

 private:
  static void validate(const SweepRequest& request);
  void runCell(int cell);
  void onResult(const QString& id, const protocol::LocalizeResultEvent& details);
  void onFailed(const QString& id, const QString& message);
  void onCrashed(const QString& message);
  void onUnavailable(const QString& message);
  void failCell(const QString& message);
  void completeCell(int generation);
  QJsonObject cellParameters(int row, int column) const;
  QImage thumbnailOf(const LocalizationResult& result);
  const Image& input();
  void startSweepFolder();
  void pruneOldSweeps();

  WorkerClient* m_worker;
  QString m_runsFolder;
  SweepRequest m_request;
  QString m_sweepFolder;
  std::vector<QString> m_cellFolders;  // row-major; empty until the cell finished
  int m_cell = -1;                     // the running cell, row-major; -1: none
  QString m_job;                       // its worker job id
  int m_cellsDone = 0;
  // Bumped by start() and cancel(): a slot connected to our signals may call either, and the
  // code after the emit must then not touch the new sweep.
  int m_generation = 0;
  int m_sweepCount = 0;
  bool m_workerStarted = false;
  // The input is read once per path, for every cell's thumbnail.
  QString m_inputPath;
  std::unique_ptr<const Image> m_input;
  int m_threads = 0;
};

}  // namespace anomadiff::gui
