#include "worker/WorkerClient.h"

#include <QJsonDocument>

namespace anomadiff::gui {

WorkerClient::WorkerClient(QString program, QStringList arguments, QObject* parent)
    : QObject(parent), m_program(std::move(program)), m_arguments(std::move(arguments)) {}

WorkerClient::~WorkerClient() {
  if (m_process == nullptr) return;
  m_stopping = true;
  send({{"cmd", "quit"}});
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

QString WorkerClient::localize(const QJsonObject& request) {
  QJsonObject message = request;
  const QString id = QString::number(m_nextId++);
  message["id"] = id;
  message["cmd"] = "localize";
  send(message);
  return id;
}

QString WorkerClient::requestMethods(const QString& model) {
  QJsonObject message{{"cmd", "methods"}};
  const QString id = QString::number(m_nextId++);
  message["id"] = id;
  if (!model.isEmpty()) message["model"] = model;
  send(message);
  return id;
}

void WorkerClient::cancel() {
  send({{"cmd", "cancel"}});
}

qint64 WorkerClient::processId() const {
  return m_process != nullptr ? m_process->processId() : 0;
}

void WorkerClient::send(const QJsonObject& request) {
  if (m_process == nullptr) return;
  m_process->write(QJsonDocument(request).toJson(QJsonDocument::Compact) + "\n");
}

void WorkerClient::readEvents() {
  while (m_process->canReadLine()) {
    const auto event = QJsonDocument::fromJson(m_process->readLine()).object();
    if (!event.isEmpty()) dispatch(event);
  }
}

void WorkerClient::dispatch(const QJsonObject& event) {
  const QString kind = event["event"].toString();
  // Ids are the strings this client sent; a protocol-level error has a null id.
  const QString id = event["id"].isString() ? event["id"].toString() : QString();
  if (kind == "ready") {
    Q_EMIT ready(event["version"].toString());
  } else if (kind == "progress") {
    Q_EMIT progress(id, event["done"].toInt(), event["total"].toInt(), event["stage"].toString());
  } else if (kind == "result") {
    Q_EMIT finished(id, event);
  } else if (kind == "methods") {
    Q_EMIT methodsReceived(id, event);
  } else if (kind == "preview") {
    Q_EMIT preview(id, event["file"].toString(), event["step"].toInt());
  } else if (kind == "cancelled") {
    Q_EMIT cancelled(id);
  } else if (kind == "error") {
    Q_EMIT failed(id, event["message"].toString());
  }
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
