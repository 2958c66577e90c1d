#include "worker/WorkerClient.h"

#include <QFileInfo>

#include <cstdio>

namespace anomadiff::gui {
namespace {

/// Turns one event into the matching signal (std::visit); `id` is empty for events without one.
struct EventSignals {
  WorkerClient* client;
  QString id;

  void operator()(const protocol::ReadyEvent& e) const {
    Q_EMIT client->ready(QString::fromStdString(e.version));
  }
  void operator()(const protocol::ProgressEvent& e) const {
    Q_EMIT client->progress(id, e.done, e.total, QString::fromStdString(e.stage));
  }
  void operator()(const protocol::PreviewEvent& e) const {
    Q_EMIT client->preview(id, QString::fromStdString(e.file), e.step);
  }
  void operator()(const protocol::MethodsEvent& e) const {
    Q_EMIT client->methodsReceived(id, MethodCatalog(e.catalog));
  }
  void operator()(const protocol::LocalizeResultEvent& e) const { Q_EMIT client->finished(id, e); }
  void operator()(const protocol::ModelLoadedEvent&) const {}
  void operator()(const protocol::CancelledEvent&) const { Q_EMIT client->cancelled(id); }
  void operator()(const protocol::PongEvent&) const {}
  void operator()(const protocol::ErrorEvent& e) const {
    Q_EMIT client->failed(id, QString::fromStdString(e.message));
  }
};

/// Why `program` did not start, in words a reader can act on.
QString startFailure(const QString& program, const QString& detail) {
  const QFileInfo file(program);
  if (!file.exists()) return QObject::tr("%1 does not exist").arg(program);
  if (!file.isExecutable()) return QObject::tr("%1 is not executable").arg(program);
  return QStringLiteral("%1: %2").arg(program, detail);
}

}  // namespace

WorkerClient::WorkerClient(QString program, QStringList arguments, QObject* parent)
    : QObject(parent), m_program(std::move(program)), m_arguments(std::move(arguments)) {
  m_clock.start();
  m_heartbeat.setInterval(m_supervision.heartbeatMs);
  connect(&m_heartbeat, &QTimer::timeout, this, &WorkerClient::checkHeartbeat);
}

WorkerClient::~WorkerClient() {
  m_stopping = true;
  if (m_process == nullptr || m_process->state() == QProcess::NotRunning) return;
  // waitForFinished below still emits readyRead: events dispatched now would reach receivers
  // that are already gone (ASan: a use after free in the intake workflow test).
  m_process->disconnect(this);
  const std::string quit = protocol::encodeRequest({{}, protocol::QuitCommand{}});
  m_process->write(QByteArray::fromStdString(quit + "\n"));
  if (!m_process->waitForFinished(5000)) m_process->kill();
  m_process->waitForFinished(1000);
}

void WorkerClient::setSupervision(const WorkerSupervision& supervision) {
  m_supervision = supervision;
  m_restarts = RestartPolicy(supervision);
  m_heartbeat.setInterval(supervision.heartbeatMs);
}

void WorkerClient::start() {
  launch();
}

void WorkerClient::retry() {
  if (m_state != State::Unavailable) return;
  m_restarts.reset();
  launch();
}

void WorkerClient::launch() {
  if (m_process != nullptr) {
    m_process->disconnect(this);
    m_process->deleteLater();
  }
  m_process = new QProcess(this);
  // The worker's stderr (warnings) is not part of the protocol: it is passed on to ours, and its
  // last line kept as the reason when the worker ends.
  connect(m_process, &QProcess::readyReadStandardOutput, this, &WorkerClient::readEvents);
  connect(m_process, &QProcess::readyReadStandardError, this, &WorkerClient::readMessages);
  connect(m_process, &QProcess::finished, this, &WorkerClient::onFinished);
  connect(m_process, &QProcess::errorOccurred, this, &WorkerClient::onError);
  m_hangReason.clear();
  m_lastMessage.clear();
  m_partialMessage.clear();
  m_restarts.started(m_clock.elapsed());
  m_sinceHeard.start();
  setState(State::Starting);
  // QProcess keeps what is written before the process runs, so requests may follow at once.
  m_process->start(m_program, QStringList{"worker"} + m_arguments);
  for (const QByteArray& request : std::exchange(m_waiting, {})) m_process->write(request);
  m_heartbeat.start();
}

QString WorkerClient::localize(const protocol::LocalizeCommand& request) {
  const QString id = send(request);
  m_running.insert(id, request);
  return id;
}

QString WorkerClient::requestMethods(const QString& model) {
  protocol::MethodsCommand command;
  if (!model.isEmpty()) command.model = model.toStdString();
  return send(command);
}

void WorkerClient::cancel() {
  send(protocol::CancelCommand{});
}

qint64 WorkerClient::processId() const {
  return m_process != nullptr ? m_process->processId() : 0;
}

std::map<std::string, double> WorkerClient::parametersOf(const QJsonObject& values) {
  std::map<std::string, double> parameters;
  for (auto it = values.begin(); it != values.end(); ++it) {
    if (it.value().isDouble()) parameters[it.key().toStdString()] = it.value().toDouble();
  }
  return parameters;
}

QString WorkerClient::send(protocol::WorkerRequest::Command command) {
  const QString id = QString::number(m_nextId++);
  if (m_state == State::Unavailable || m_state == State::NotStarted) {
    // Answered later, as the worker would: callers connect after they get the id.
    QTimer::singleShot(0, this, [this, id] {
      m_running.remove(id);
      Q_EMIT failed(id, tr("the engine is not running"));
    });
    return id;
  }
  const std::string line = protocol::encodeRequest({id.toStdString(), std::move(command)});
  const QByteArray bytes = QByteArray::fromStdString(line + "\n");
  // Between a worker's end and its restart, requests wait for the new one.
  if (m_state == State::Restarting) {
    m_waiting.append(bytes);
  } else {
    m_process->write(bytes);
  }
  return id;
}

void WorkerClient::readEvents() {
  m_sinceHeard.restart();
  while (m_process->canReadLine()) {
    const auto event = protocol::decodeEvent(m_process->readLine().toStdString());
    if (event) dispatch(*event);
  }
}

void WorkerClient::readMessages() {
  const QByteArray text = m_process->readAllStandardError();
  std::fwrite(text.constData(), 1, static_cast<std::size_t>(text.size()), stderr);
  // A line may come in pieces (an unbuffered stream writes each part on its own).
  m_partialMessage += text;
  qsizetype end = 0;
  while ((end = m_partialMessage.indexOf('\n')) >= 0) {
    const QByteArray line = m_partialMessage.left(end).trimmed();
    m_partialMessage.remove(0, end + 1);
    if (!line.isEmpty()) m_lastMessage = QString::fromUtf8(line).left(300);
  }
}

void WorkerClient::dispatch(const protocol::WorkerEvent& event) {
  // Ids are the strings this client sent; a protocol-level error has none.
  const QString id = QString::fromStdString(event.id.value_or(""));
  if (std::holds_alternative<protocol::ReadyEvent>(event.body)) {
    setState(State::Ready);
  } else if (std::holds_alternative<protocol::LocalizeResultEvent>(event.body) ||
             std::holds_alternative<protocol::CancelledEvent>(event.body) ||
             std::holds_alternative<protocol::ErrorEvent>(event.body)) {
    m_running.remove(id);
  }
  std::visit(EventSignals{this, id}, event.body);
}

void WorkerClient::checkHeartbeat() {
  if (m_process == nullptr || m_process->state() != QProcess::Running) return;
  const qint64 silent = m_sinceHeard.elapsed();
  if (silent >= m_supervision.answerTimeoutMs) {
    m_hangReason = tr("the worker process stopped answering for %1 s and was stopped")
                       .arg(silent / 1000.0, 0, 'f', 1);
    m_process->kill();
  } else if (silent >= m_supervision.heartbeatMs) {
    send(protocol::PingCommand{});
  }
}

void WorkerClient::onError(QProcess::ProcessError error) {
  // Every other error ends in finished(); a program that never ran does not.
  if (error != QProcess::FailedToStart || m_stopping) return;
  m_heartbeat.stop();
  const QString message =
      tr("The engine cannot start: %1").arg(startFailure(m_program, m_process->errorString()));
  setState(State::Unavailable);
  interruptJobs(message);
  Q_EMIT unavailable(message);
}

void WorkerClient::onFinished(int exitCode, QProcess::ExitStatus status) {
  m_heartbeat.stop();
  if (m_stopping) return;
  const QString reason = m_hangReason.isEmpty() ? exitReason(exitCode, status) : m_hangReason;
  const auto wait = m_restarts.afterExit(m_clock.elapsed());
  if (!wait) {
    const QString message =
        tr("The engine stopped %1 times within %2 s of starting (last: %3); it is not started "
           "again until you retry")
            .arg(m_restarts.quickFailures())
            .arg(m_supervision.quickFailureMs / 1000.0)
            .arg(reason);
    setState(State::Unavailable);
    interruptJobs(message);
    Q_EMIT unavailable(message);
    return;
  }
  const QString message = reason + tr("; it is being restarted");
  setState(State::Restarting);
  interruptJobs(message);
  QTimer::singleShot(*wait, this, [this] {
    if (m_state == State::Restarting) launch();
  });
  Q_EMIT workerCrashed(message);
}

QString WorkerClient::exitReason(int exitCode, QProcess::ExitStatus status) {
  if (!m_partialMessage.trimmed().isEmpty()) {
    m_lastMessage = QString::fromUtf8(m_partialMessage.trimmed()).left(300);
  }
  QString reason = status == QProcess::CrashExit
                       ? tr("the worker process crashed or was killed")
                       : tr("the worker process exited with status %1").arg(exitCode);
  if (!m_lastMessage.isEmpty()) reason += tr(" (its last message: %1)").arg(m_lastMessage);
  return reason;
}

void WorkerClient::interruptJobs(const QString& message) {
  const auto running = std::exchange(m_running, {});
  for (auto it = running.begin(); it != running.end(); ++it) {
    Q_EMIT jobInterrupted(it.key(), it.value(), message);
  }
}

void WorkerClient::setState(State state) {
  if (state == m_state) return;
  m_state = state;
  Q_EMIT stateChanged(state);
}

}  // namespace anomadiff::gui
