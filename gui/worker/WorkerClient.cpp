#include "worker/WorkerClient.h"

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
  void operator()(const protocol::ErrorEvent& e) const {
    Q_EMIT client->failed(id, QString::fromStdString(e.message));
  }
};

}  // namespace

WorkerClient::WorkerClient(QString program, QStringList arguments, QObject* parent)
    : QObject(parent), m_program(std::move(program)), m_arguments(std::move(arguments)) {}

WorkerClient::~WorkerClient() {
  if (m_process == nullptr) return;
  m_stopping = true;
  send(protocol::QuitCommand{});
  if (!m_process->waitForFinished(5000)) m_process->kill();
}

void WorkerClient::start() {
  if (m_process != nullptr) m_process->deleteLater();
  m_process = new QProcess(this);
  // The worker's stderr (warnings) is not part of the protocol: let it reach ours.
  m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
  connect(m_process, &QProcess::readyReadStandardOutput, this, &WorkerClient::readEvents);
  connect(m_process, &QProcess::finished, this, &WorkerClient::onFinished);
  m_process->start(m_program, QStringList{"worker"} + m_arguments);
}

QString WorkerClient::localize(const protocol::LocalizeCommand& request) {
  return send(request);
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
  QString id = QString::number(m_nextId++);
  if (m_process == nullptr) return id;
  const std::string line = protocol::encodeRequest({id.toStdString(), std::move(command)});
  m_process->write(QByteArray::fromStdString(line + "\n"));
  return id;
}

void WorkerClient::readEvents() {
  while (m_process->canReadLine()) {
    const auto event = protocol::decodeEvent(m_process->readLine().toStdString());
    if (event) dispatch(*event);
  }
}

void WorkerClient::dispatch(const protocol::WorkerEvent& event) {
  // Ids are the strings this client sent; a protocol-level error has none.
  std::visit(EventSignals{this, QString::fromStdString(event.id.value_or(""))}, event.body);
}

void WorkerClient::onFinished(int exitCode, QProcess::ExitStatus status) {
  if (m_stopping) return;
  const QString how =
      status == QProcess::CrashExit
          ? QStringLiteral("the worker process crashed or was killed")
          : QStringLiteral("the worker process exited with status %1").arg(exitCode);
  start();
  Q_EMIT workerCrashed(how + "; it was restarted");
}

}  // namespace anomadiff::gui
