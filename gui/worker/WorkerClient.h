#pragma once

#include "protocol/WorkerEvent.h"
#include "protocol/WorkerRequest.h"
#include "worker/MethodCatalog.h"
#include "worker/RestartPolicy.h"
#include "worker/WorkerSupervision.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <utility>

namespace anomadiff::gui {

/// The GUI's end of `anomadiff-cli worker` (docs/ARCHITECTURE.md §3): starts the process, sends
/// requests and turns its event lines into signals, both through the protocol's codec
/// (core/protocol), the same one the worker uses. The GUI never links LibTorch; all model
/// work happens in that process.
///
/// It also supervises the process, so the window, its state and the reader's edits survive
/// whatever the worker does: a program that cannot start is reported once with its path
/// (unavailable); a worker that ends unasked is restarted (workerCrashed), after a doubling wait
/// when it keeps failing quickly and not at all after WorkerSupervision::maxQuickFailures
/// (unavailable, until retry()); a worker that stops answering pings is killed and restarted.
/// A localize that was running when its worker went is handed back whole (jobInterrupted), so
/// it can be run again with one click.
class WorkerClient : public QObject {
  Q_OBJECT

 public:
  enum class State { NotStarted, Starting, Ready, Restarting, Unavailable };

  /// `program`: the anomadiff-cli executable (installed beside the GUI's).
  WorkerClient(QString program, QStringList arguments, QObject* parent = nullptr);
  ~WorkerClient() override;

  /// Before start(); tests shorten the times.
  void setSupervision(const WorkerSupervision& supervision);
  void start();
  /// After unavailable: forget the failures and start again.
  void retry();
  State state() const { return m_state; }
  /// Sends a `localize` with a new id; returns the id. A running job is cancelled by the worker
  /// itself (the latest request wins).
  QString localize(const protocol::LocalizeCommand& request);
  /// Asks for the method catalog (answered by methodsReceived); `model` empty: the embedded bundle.
  QString requestMethods(const QString& model = {});
  void cancel();
  /// The process id of the running worker (0 when none), for tests and diagnostics.
  qint64 processId() const;
  /// The parameter panel's values as the protocol carries them (numbers only).
  static std::map<std::string, double> parametersOf(const QJsonObject& values);

 Q_SIGNALS:
  void ready(const QString& version);
  void progress(const QString& id, int done, int total, const QString& stage);
  void finished(const QString& id, const anomadiff::protocol::LocalizeResultEvent& result);
  void cancelled(const QString& id);
  void methodsReceived(const QString& id, const anomadiff::gui::MethodCatalog& catalog);
  /// A look at the pseudo-healthy estimate during denoising, as an image file.
  void preview(const QString& id, const QString& file, int step);
  void failed(const QString& id, const QString& message);
  /// The process ended without being asked to (or was killed for not answering); a restart is
  /// on its way.
  void workerCrashed(const QString& message);
  /// No worker now, and none will start by itself: the message says why (with the program's
  /// path, or the last failure); retry() tries again.
  void unavailable(const QString& message);
  /// The job `id` was running when its worker went; `request` is what it asked for.
  void jobInterrupted(const QString& id, const anomadiff::protocol::LocalizeCommand& request,
                      const QString& message);
  void stateChanged(anomadiff::gui::WorkerClient::State state);

 private:
  QString send(protocol::WorkerRequest::Command command);
  void launch();
  void readEvents();
  void readMessages();
  void dispatch(const protocol::WorkerEvent& event);
  void checkHeartbeat();
  void onError(QProcess::ProcessError error);
  void onFinished(int exitCode, QProcess::ExitStatus status);
  QString exitReason(int exitCode, QProcess::ExitStatus status);
  void interruptJobs(const QString& message);
  void setState(State state);

  QString m_program;
  QStringList m_arguments;
  QProcess* m_process = nullptr;
  WorkerSupervision m_supervision;
  RestartPolicy m_restarts{m_supervision};
  QElapsedTimer m_clock;
  QElapsedTimer m_sinceHeard;
  QTimer m_heartbeat;
  State m_state = State::NotStarted;
  /// localize requests sent and not yet answered, by id.
  QHash<QString, protocol::LocalizeCommand> m_running;
  /// Requests sent while a restart was pending, for the new worker.
  QList<QByteArray> m_waiting;
  QString m_lastMessage;        // the worker's last stderr line, for the reason it ended
  QByteArray m_partialMessage;  // stderr after its last newline
  QString m_hangReason;         // set when the watchdog killed it
  int m_nextId = 1;
  bool m_stopping = false;
};

}  // namespace anomadiff::gui
