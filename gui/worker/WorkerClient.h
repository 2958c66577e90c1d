#pragma once

#include <QJsonObject>
#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace anomadiff::gui {

/// The GUI's end of `anomadiff-cli worker` (docs/ARCHITECTURE.md §3): starts the process, sends requests as
/// JSON lines and turns its event lines into signals. The GUI never links LibTorch; all model
/// work happens in that process. A worker that dies is reported (workerCrashed) and started
/// again at once, so the window, its state and the user's edits survive and the next job runs.
class WorkerClient : public QObject {
  Q_OBJECT

 public:
  /// `program`: the anomadiff-cli executable (installed beside the GUI's).
  WorkerClient(QString program, QStringList arguments, QObject* parent = nullptr);
  ~WorkerClient() override;

  void start();
  /// Sends {"cmd": "localize", ...request, "id": <new id>}; returns the id. A running job is
  /// cancelled by the worker itself (the latest request wins).
  QString localize(const QJsonObject& request);
  /// Asks for the method catalog (answered by methodsReceived); `model` empty: the embedded bundle.
  QString requestMethods(const QString& model = {});
  void cancel();
  /// The process id of the running worker (0 when none), for tests and diagnostics.
  qint64 processId() const;

 Q_SIGNALS:
  void ready(const QString& version);
  void progress(const QString& id, int done, int total, const QString& stage);
  void finished(const QString& id, const QJsonObject& result);
  void cancelled(const QString& id);
  void methodsReceived(const QString& id, const QJsonObject& catalog);
  /// A look at the pseudo-healthy estimate during denoising, as an image file.
  void preview(const QString& id, const QString& file, int step);
  void failed(const QString& id, const QString& message);
  /// The process ended without being asked to; it has already been restarted.
  void workerCrashed(const QString& message);

 private:
  void send(const QJsonObject& request);
  void readEvents();
  void dispatch(const QJsonObject& event);
  void onFinished(int exitCode, QProcess::ExitStatus status);

  QString m_program;
  QStringList m_arguments;
  QProcess* m_process = nullptr;
  int m_nextId = 1;
  bool m_stopping = false;
};

}  // namespace anomadiff::gui
