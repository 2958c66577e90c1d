#include "window/LocalizationController.h"

#include "common/Error.h"
#include "worker/WorkerClient.h"

#include <algorithm>
#include <exception>
#include <utility>

namespace anomadiff::gui {

LocalizationController::LocalizationController(WorkerClient* worker, QString runsFolder,
                                               QObject* parent)
    : QObject(parent), m_worker(worker), m_runs(std::move(runsFolder)) {
  connect(m_worker, &WorkerClient::progress, this,
          [this](const QString& id, int done, int total, const QString& stage) {
            if (id == m_currentJob) Q_EMIT jobProgress(done, total, stage);
          });
  connect(m_worker, &WorkerClient::preview, this,
          [this](const QString& id, const QString& file, int) {
            if (id == m_currentJob) Q_EMIT jobPreview(file);
          });
  connect(m_worker, &WorkerClient::finished, this, &LocalizationController::onFinished);
  connect(m_worker, &WorkerClient::failed, this, &LocalizationController::onFailed);
  connect(m_worker, &WorkerClient::cancelled, this, [this](const QString& id) {
    if (id != m_currentJob) return;  // a superseded job: the newer one is still running
    m_currentJob.clear();
    Q_EMIT jobCancelled();
  });
  connect(m_worker, &WorkerClient::jobInterrupted, this, &LocalizationController::onInterrupted);
}

QString LocalizationController::run(const QString& inputPath, const QString& method,
                                    const QJsonObject& parameters, const QString& threshold) {
  protocol::LocalizeCommand request;
  request.input = inputPath.toStdString();
  request.parameters = WorkerClient::parametersOf(parameters);
  request.threshold = threshold.toStdString();
  if (!method.isEmpty()) request.method = method.toStdString();
  if (!m_modelFolder.isEmpty()) request.model = m_modelFolder.toStdString();
  return send(std::move(request));
}

QString LocalizationController::rerunInterrupted() {
  if (!m_interrupted) return {};
  return send(*std::exchange(m_interrupted, std::nullopt));
}

QString LocalizationController::send(protocol::LocalizeCommand request) {
  m_runs.prune(kKeptRuns);
  request.outputDir = m_runs.next().toStdString();
  request.threads = static_cast<std::size_t>(std::max(0, m_threads));
  m_interrupted.reset();
  m_currentJob = m_worker->localize(request);
  Q_EMIT jobStarted(m_currentJob);
  return m_currentJob;
}

void LocalizationController::cancel() {
  if (isRunning()) m_worker->cancel();
}

void LocalizationController::onFinished(const QString& id,
                                        const protocol::LocalizeResultEvent& details) {
  if (id != m_currentJob) return;
  m_currentJob.clear();
  try {
    const auto result = LocalizationResult::load(QString::fromStdString(details.outputDir));
    Q_EMIT resultReady(result, details);
  } catch (const std::exception& error) {
    Q_EMIT jobFailed(tr("The result could not be read: %1").arg(QString::fromUtf8(error.what())));
  }
}

void LocalizationController::onFailed(const QString& id, const QString& message) {
  // Errors without an id are protocol errors about a request line; they still end our job.
  if (!id.isEmpty() && id != m_currentJob) return;
  if (m_currentJob.isEmpty()) return;
  m_currentJob.clear();
  Q_EMIT jobFailed(message);
}

void LocalizationController::onInterrupted(const QString& id,
                                           const protocol::LocalizeCommand& request,
                                           const QString& message) {
  if (id != m_currentJob) return;  // a superseded job's loss is not ours to report
  m_currentJob.clear();
  m_interrupted = request;
  Q_EMIT jobFailed(tr("The localization stopped: %1").arg(message));
  Q_EMIT jobInterrupted(message);
}

}  // namespace anomadiff::gui
