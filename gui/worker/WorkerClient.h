#pragma once

#include "protocol/WorkerEvent.h"
#include "protocol/WorkerRequest.h"
#include "worker/MethodCatalog.h"

#include <QJsonObject>
#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace anomadiff::gui {

/// The GUI's end of `anomadiff-cli worker` (docs/ARCHITECTURE.md §3): starts the process, sends
/// requests and turns its event lines into signals, both through the protocol's codec
/// (core/protocol), the same one the worker uses. The GUI never links LibTorch; all model
/// work happens in that process. A worker that dies is reported (workerCrashed) and started
/// again at once, so the window, its state and the user's edits survive and the next job runs.
class WorkerClient : public QObject {
  Q_OBJECT

 public:
  /// `program`: the anomadiff-cli executable (installed beside the GUI's).
  WorkerClient(QString program, QStringList arguments, QObject* parent = nullptr);
  ~WorkerClient() override;

  void start();
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
  /// The process ended without being asked to; it has already been restarted.
  void workerCrashed(const QString& message);

 private:
  QString send(protocol::WorkerRequest::Command command);
  void readEvents();
  void dispatch(const protocol::WorkerEvent& event);
  void onFinished(int exitCode, QProcess::ExitStatus status);

  QString m_program;
  QStringList m_arguments;
  QProcess* m_process = nullptr;
  int m_nextId = 1;
  bool m_stopping = false;
};

}  // namespace anomadiff::gui
