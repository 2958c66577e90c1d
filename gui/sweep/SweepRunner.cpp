#include "sweep/SweepRunner.h"

#include "common/Error.h"
#include "image/ImageReader.h"
#include "result/LocalizationResult.h"
#include "sweep/SweepThumbnail.h"
#include "worker/WorkerClient.h"

#include <QDateTime>
#include <QDir>
#include <QFile>

#include <algorithm>
#include <exception>
#include <filesystem>

namespace anomadiff::gui {

SweepRunner::SweepRunner(QString program, QStringList arguments, QString runsFolder,
                         QObject* parent)
    : QObject(parent),
      m_worker(new WorkerClient(std::move(program), std::move(arguments), this)),
      m_runsFolder(std::move(runsFolder)) {
  connect(m_worker, &WorkerClient::progress, this,
          [this](const QString& id, int done, int total, const QString& /*stage*/) {
            if (id != m_job || m_cell < 0) return;
            Q_EMIT cellProgress(m_cell / m_request.columns(), m_cell % m_request.columns(), done,
                                total);
          });
  connect(m_worker, &WorkerClient::finished, this, &SweepRunner::onResult);
  connect(m_worker, &WorkerClient::failed, this, &SweepRunner::onFailed);
  connect(m_worker, &WorkerClient::workerCrashed, this, &SweepRunner::onCrashed);
  connect(m_worker, &WorkerClient::unavailable, this, &SweepRunner::onUnavailable);
  // The worker's own "cancelled" needs no handling: cancel() has already ended the sweep, and a
  // cell superseded by a new start() belongs to a sweep nobody follows.
}

void SweepRunner::validate(const SweepRequest& request) {
  if (request.input.isEmpty()) throw InvalidArgument("sweep: no input image");
  if (request.method.isEmpty()) throw InvalidArgument("sweep: no method");
  if (request.levels.empty() || request.scales.empty()) {
    throw InvalidArgument("sweep: no " + std::string(request.levels.empty() ? "levels" : "scales"));
  }
  if (request.scaleParameter.isEmpty() && request.scales.size() > 1) {
    throw InvalidArgument("sweep: " + std::to_string(request.scales.size()) +
                          " scales, but the method has no scale parameter");
  }
}

void SweepRunner::start(const SweepRequest& request) {
  validate(request);
  ++m_generation;
  m_request = request;
  m_cellFolders.assign(static_cast<std::size_t>(request.cellCount()), QString());
  m_cellsDone = 0;
  if (m_worker->state() == WorkerClient::State::Unavailable) m_worker->retry();
  if (!m_workerStarted) {
    // QProcess buffers what is written before the process runs, so the first request can go
    // out at once.
    m_worker->start();
    m_workerStarted = true;
  }
  pruneOldSweeps();
  startSweepFolder();
  runCell(0);
}

void SweepRunner::cancel() {
  if (!isRunning()) return;
  ++m_generation;
  m_worker->cancel();
  m_cell = -1;
  m_job.clear();
  Q_EMIT cancelled();
}

QString SweepRunner::cellFolder(int row, int column) const {
  if (row < 0 || column < 0 || row >= m_request.rows() || column >= m_request.columns()) {
    return {};
  }
  return m_cellFolders[static_cast<std::size_t>(row * m_request.columns() + column)];
}

qint64 SweepRunner::workerProcessId() const {
  return m_worker->processId();
}

void SweepRunner::runCell(int cell) {
  m_cell = cell;
  const int row = cell / m_request.columns();
  const int column = cell % m_request.columns();
  protocol::LocalizeCommand job;
  job.input = m_request.input.toStdString();
  job.method = m_request.method.toStdString();
  job.outputDir =
      QDir(m_sweepFolder).filePath(QStringLiteral("cell-%1-%2").arg(row).arg(column)).toStdString();
  job.parameters = WorkerClient::parametersOf(cellParameters(row, column));
  job.threshold = m_request.threshold.toStdString();
  job.threads = static_cast<std::size_t>(std::max(0, m_threads));
  if (!m_request.modelFolder.isEmpty()) job.model = m_request.modelFolder.toStdString();
  m_job = m_worker->localize(job);
  Q_EMIT cellStarted(row, column);
}

QJsonObject SweepRunner::cellParameters(int row, int column) const {
  QJsonObject parameters = m_request.baseParameters;
  parameters[m_request.levelParameter] = m_request.levels[static_cast<std::size_t>(row)];
  if (!m_request.scaleParameter.isEmpty()) {
    parameters[m_request.scaleParameter] = m_request.scales[static_cast<std::size_t>(column)];
  }
  return parameters;
}

void SweepRunner::onResult(const QString& id, const protocol::LocalizeResultEvent& details) {
  if (id != m_job || !isRunning()) return;
  const int generation = m_generation;
  const int row = m_cell / m_request.columns();
  const int column = m_cell % m_request.columns();
  m_job.clear();
  try {
    const auto result = LocalizationResult::load(QString::fromStdString(details.outputDir));
    const QImage thumbnail = thumbnailOf(result);
    double topScore = 0.0;
    for (const BoundingBox& box : result.findings.boxes)
      topScore = std::max(topScore, box.maxScore);
    m_cellFolders[static_cast<std::size_t>(m_cell)] = result.folder;
    Q_EMIT cellFinished(row, column, thumbnail, topScore,
                        static_cast<int>(result.findings.boxes.size()));
  } catch (const std::exception& error) {
    Q_EMIT cellFailed(row, column,
                      tr("The result could not be read: %1").arg(QString::fromUtf8(error.what())));
  }
  completeCell(generation);
}

void SweepRunner::onFailed(const QString& id, const QString& message) {
  // Errors without an id are about a request line; the only request in flight is our cell's.
  if (!isRunning() || m_job.isEmpty() || (!id.isEmpty() && id != m_job)) return;
  failCell(message);
}

void SweepRunner::onCrashed(const QString& message) {
  if (!isRunning() || m_job.isEmpty()) return;
  failCell(tr("The localization stopped: %1").arg(message));
}

void SweepRunner::onUnavailable(const QString& message) {
  // No worker will come back by itself: the remaining cells could never run.
  if (!isRunning()) return;
  ++m_generation;
  m_cell = -1;
  m_job.clear();
  Q_EMIT cancelled();
  Q_EMIT stopped(message);
}

void SweepRunner::failCell(const QString& message) {
  const int generation = m_generation;
  m_job.clear();
  Q_EMIT cellFailed(m_cell / m_request.columns(), m_cell % m_request.columns(), message);
  completeCell(generation);
}

void SweepRunner::completeCell(int generation) {
  // A slot may have started another sweep or cancelled this one while we emitted.
  if (generation != m_generation) return;
  ++m_cellsDone;
  Q_EMIT progress(m_cellsDone, m_request.cellCount());
  if (generation != m_generation) return;
  if (m_cell + 1 < m_request.cellCount()) {
    runCell(m_cell + 1);
    return;
  }
  m_cell = -1;
  Q_EMIT finished();
}

QImage SweepRunner::thumbnailOf(const LocalizationResult& result) {
  const SweepThumbnail thumbnail(m_request.orientation, m_request.sliceIndex,
                                 m_request.thumbnailSide);
  return thumbnail.render(input(), *result.anomalyMap, result.findings);
}

const Image& SweepRunner::input() {
  if (m_input == nullptr || m_inputPath != m_request.input) {
    m_input.reset();
    const auto path = std::filesystem::path(QFile::encodeName(m_request.input).toStdString());
    m_input = std::make_unique<const Image>(ImageReader().read(path));
    m_inputPath = m_request.input;
  }
  return *m_input;
}

void SweepRunner::startSweepFolder() {
  // The worker creates each cell's folder itself (and refuses one with files in it). Names sort
  // by age, which pruning relies on.
  const QString stamp =
      QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz"));
  m_sweepFolder =
      QDir(m_runsFolder).filePath(QStringLiteral("sweep-%1-%2").arg(stamp).arg(++m_sweepCount));
  QDir().mkpath(m_sweepFolder);
}

void SweepRunner::pruneOldSweeps() {
  // Called before the new folder exists: keep kKeptSweeps - 1 old ones.
  QDir sweeps(m_runsFolder);
  const auto folders = sweeps.entryList({QStringLiteral("sweep-*")}, QDir::Dirs, QDir::Name);
  for (qsizetype i = 0; i + kKeptSweeps - 1 < folders.size(); ++i) {
    QDir(sweeps.filePath(folders[i])).removeRecursively();
  }
}

}  // namespace anomadiff::gui
