#include "window/AnalysisWorkflow.h"

#include "common/Error.h"
#include "findings/FindingsModel.h"
#include "findings/RunFolders.h"
#include "findings/SessionAutosaver.h"
#include "findings/SessionFile.h"
#include "image/ImageReader.h"
#include "panels/JobProgressWidget.h"
#include "panels/ParameterPanel.h"
#include "views/BoxEditLayer.h"
#include "views/ComparisonView.h"
#include "views/HeatMapLayer.h"
#include "views/MaskOutlineLayer.h"
#include "views/SliceView.h"
#include "views/VolumeView.h"
#include "window/LocalizationController.h"
#include "worker/MethodCatalog.h"
#include "worker/WorkerClient.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QUndoStack>

#include <exception>

namespace anomadiff::gui {
namespace {

std::filesystem::path pathOf(const QString& text) {
  return std::filesystem::path(QFile::encodeName(text).toStdString());
}

std::array<int, 3> centreOf(const BoundingBox& box) {
  return {static_cast<int>(box.x + box.width / 2), static_cast<int>(box.y + box.height / 2),
          static_cast<int>(box.z + box.depth / 2)};
}

}  // namespace

AnalysisWorkflow::AnalysisWorkflow(const WorkerSettings& settings, const AnalysisWidgets& widgets,
                                   QObject* parent)
    : QObject(parent), m_settings(settings), m_widgets(widgets) {
  m_worker = new WorkerClient(settings.program, settings.arguments, this);
  m_controller = new LocalizationController(m_worker, settings.runsFolder, this);
  m_controller->setModelFolder(settings.modelFolder);
  if (!settings.autosavePath.isEmpty()) {
    m_autosaver = new SessionAutosaver(widgets.findings, pathOf(settings.autosavePath), this);
  }
  m_maskOutline = new MaskOutlineLayer(this);
  m_maskOutline->setColor(QColor(255, 255, 255));
  widgets.comparison->overlayView()->addLayer(m_maskOutline);
  // Green, as Slicer draws segment outlines: where the intake put the brain (and the model looked).
  SliceView* brainViews[] = {widgets.comparison->inputView(), widgets.comparison->overlayView()};
  for (int i = 0; i < 2; ++i) {
    m_brainOutlines[i] = new MaskOutlineLayer(this);
    m_brainOutlines[i]->setColor(QColor(40, 200, 90));
    brainViews[i]->addLayer(m_brainOutlines[i]);
  }
  m_inputBoxes = new BoxEditLayer(widgets.findings, this);
  m_overlayBoxes = new BoxEditLayer(widgets.findings, this);
  widgets.comparison->inputView()->addLayer(m_inputBoxes);
  widgets.comparison->overlayView()->addLayer(m_overlayBoxes);
  connectWorker();
  connectFindings();
  m_worker->start();
}

AnalysisWorkflow::~AnalysisWorkflow() {
  // A clean exit: the edits are kept beside their result, and the crash-recovery copy goes.
  keepEditsOfCurrentResult();
  if (m_autosaver != nullptr) m_autosaver->discard();
}

void AnalysisWorkflow::connectWorker() {
  connect(m_worker, &WorkerClient::ready, this,
          [this] { m_worker->requestMethods(m_settings.modelFolder); });
  connect(m_worker, &WorkerClient::methodsReceived, this,
          [this](const QString&, const MethodCatalog& catalog) {
            // A restarted worker answers again: keep the reader's current choices then.
            if (!m_ready) m_widgets.parameters->setCatalog(catalog);
            m_ready = true;
            Q_EMIT ready(catalog.modelName());
          });
  // A running job's loss is reported by the controller; the engine's own state goes to the
  // status bar, and a worker that will not come back also to a dialog.
  connect(m_worker, &WorkerClient::workerCrashed, this, &AnalysisWorkflow::engineRestarting);
  connect(m_worker, &WorkerClient::unavailable, this, [this](const QString& reason) {
    m_ready = false;
    Q_EMIT engineUnavailable(reason);
    Q_EMIT failed(reason);
  });
  connect(m_controller, &LocalizationController::jobInterrupted, this,
          &AnalysisWorkflow::jobInterrupted);
  connect(m_widgets.parameters, &ParameterPanel::runRequested, this, &AnalysisWorkflow::run);
  connect(m_widgets.progress, &JobProgressWidget::cancelRequested, this, &AnalysisWorkflow::cancel);
  connect(m_controller, &LocalizationController::jobProgress, m_widgets.progress,
          &JobProgressWidget::update);
  connect(m_controller, &LocalizationController::jobPreview, this, &AnalysisWorkflow::showPreview);
  connect(m_controller, &LocalizationController::resultReady, this, &AnalysisWorkflow::onResult);
  connect(m_controller, &LocalizationController::jobCancelled, this, [this] {
    m_widgets.progress->finish();
    Q_EMIT message(tr("Localization cancelled"));
  });
  connect(m_controller, &LocalizationController::jobFailed, this, [this](const QString& text) {
    m_widgets.progress->finish();
    Q_EMIT failed(text);
  });
}

void AnalysisWorkflow::connectFindings() {
  connect(m_widgets.findings, &FindingsModel::edited, this, &AnalysisWorkflow::updateVolumeBoxes);
  connect(m_widgets.findings, &FindingsModel::modelReset, this,
          &AnalysisWorkflow::updateVolumeBoxes);
  for (auto* layer : {m_inputBoxes, m_overlayBoxes}) {
    connect(layer, &BoxEditLayer::navigateRequested, this, &AnalysisWorkflow::navigateTo);
  }
  connect(m_widgets.volume, &VolumeView::boxClicked, this, [this](int id) {
    const int row = m_widgets.findings->rowOfId(id);
    if (row >= 0) navigateTo(row);
  });
}

void AnalysisWorkflow::setInput(std::shared_ptr<const Image> image, const QString& path) {
  keepEditsOfCurrentResult();
  clearResult();
  m_input = std::move(image);
  m_inputPath = path;
}

bool AnalysisWorkflow::isReady() const {
  return m_ready;
}

bool AnalysisWorkflow::isRunning() const {
  return m_controller->isRunning();
}

const LocalizationResult* AnalysisWorkflow::result() const {
  return m_result ? &*m_result : nullptr;
}

void AnalysisWorkflow::run() {
  if (m_input == nullptr) {
    Q_EMIT failed(tr("Open an image first"));
    return;
  }
  if (!m_ready) {
    Q_EMIT failed(tr("The engine is still starting; try again in a moment"));
    return;
  }
  m_controller->run(m_inputPath, m_widgets.parameters->method(),
                    m_widgets.parameters->requestParameters(), m_widgets.parameters->threshold());
  m_widgets.progress->start(m_widgets.parameters->method());
}

void AnalysisWorkflow::cancel() {
  m_controller->cancel();
}

void AnalysisWorkflow::retryEngine() {
  m_worker->retry();
}

void AnalysisWorkflow::rerunInterrupted() {
  if (!m_ready) {
    Q_EMIT failed(tr("The engine is still starting; try again in a moment"));
    return;
  }
  if (m_controller->rerunInterrupted().isEmpty()) return;
  m_widgets.progress->start(m_widgets.parameters->method());
}

void AnalysisWorkflow::showPreview(const QString& file) {
  // A preview is a courtesy: an unreadable or mismatched one is skipped silently.
  try {
    auto estimate = std::make_shared<const Image>(ImageReader().read(pathOf(file)));
    if (m_input == nullptr || estimate->geometry().size != m_input->geometry().size) return;
    m_widgets.comparison->setReconstruction(std::move(estimate));
    Q_EMIT previewShown();
  } catch (const std::exception&) {
  }
}

void AnalysisWorkflow::onResult(const LocalizationResult& result,
                                const protocol::LocalizeResultEvent& details) {
  m_widgets.progress->finish();
  keepEditsOfCurrentResult();
  try {
    showResult(result, result.findings);
  } catch (const std::exception& error) {
    Q_EMIT failed(tr("The result cannot be shown: %1").arg(QString::fromUtf8(error.what())));
    return;
  }
  QString text = tr("%1: %n finding(s) in %2 s", nullptr, result.findings.boxes.size())
                     .arg(QString::fromStdString(details.method))
                     .arg(details.seconds, 0, 'f', 1);
  // The panel shows the slice defaults; a whole volume ran at the bundle's volume parameters.
  const auto& used = result.findings.provenance.parameters;
  if (result.findings.sliceConsistency && used.count("ensemble") != 0) {
    text += tr(" (whole volume, N %1)").arg(used.at("ensemble"));
  }
  // A threshold calibrated for other parameters must not pass for a calibrated one.
  const QString source = QString::fromStdString(result.findings.thresholdSource);
  if (source.startsWith("uncalibrated")) text += tr(" — threshold %1").arg(source);
  // The scan intake's doubts (a poor registration, a raw scan without template) must be seen:
  // the banner holds them until the next result.
  QStringList warnings;
  for (const auto& warning : details.warnings) warnings << QString::fromStdString(warning);
  if (!warnings.isEmpty()) text += tr(" — %n warning(s), see the banner", nullptr, warnings.size());
  Q_EMIT message(text);
  Q_EMIT warningsChanged(warnings);
}

void AnalysisWorkflow::showResult(const LocalizationResult& result,
                                  const FindingsDocument& findings) {
  ComparisonView* comparison = m_widgets.comparison;
  comparison->setReconstruction(result.pseudoHealthy);
  comparison->setAnomalyMap(result.anomalyMap);
  comparison->setVarianceMap(result.varianceMap);
  comparison->setAnomalyThreshold(result.findings.threshold);
  m_maskOutline->setMask(result.mask);
  for (auto* outline : m_brainOutlines) outline->setMask(result.brain);
  m_widgets.volume->setAnomalyMap(*result.anomalyMap, result.findings.threshold);
  m_result = result;
  m_widgets.findings->reset(findings);
  if (m_autosaver != nullptr) {
    m_autosaver->setSession(session());
    m_autosaver->save();
    pinForAutosave();
  }
  Q_EMIT resultShown();
}

void AnalysisWorkflow::saveSession(const QString& path) const {
  SessionFile().write(session(), pathOf(path));
  if (m_result) RunFolders::pin(m_result->folder, path);
}

void AnalysisWorkflow::pinForAutosave() {
  // The crash-recovery copy must be able to show its result even after many more runs.
  try {
    RunFolders::pin(m_result->folder, m_settings.autosavePath);
  } catch (const std::exception& error) {
    Q_EMIT message(QString::fromUtf8(error.what()));
  }
}

void AnalysisWorkflow::setModelFolder(const QString& folder) {
  m_settings.modelFolder = folder;
  m_controller->setModelFolder(folder);
  m_worker->requestMethods(folder);
}

void AnalysisWorkflow::setBrainOutlineVisible(bool visible) {
  for (auto* outline : m_brainOutlines) outline->setVisible(visible);
}

bool AnalysisWorkflow::brainOutlineVisible() const {
  return m_brainOutlines[0]->isVisible();
}

void AnalysisWorkflow::clearResult() {
  m_result.reset();
  m_widgets.findings->reset({});
  m_maskOutline->setMask(nullptr);
  for (auto* outline : m_brainOutlines) outline->setMask(nullptr);
  m_widgets.comparison->clearResult();
  if (m_widgets.volume->hasImage()) m_widgets.volume->clearAnomalyMap();
}

void AnalysisWorkflow::updateVolumeBoxes() {
  if (!m_widgets.volume->hasImage()) return;
  std::vector<BoundingBox> shown;
  for (const auto& box : m_widgets.findings->document().boxes) {
    if (box.review != kReviewRejected) shown.push_back(box);
  }
  m_widgets.volume->setBoxes(shown);
  const int row = m_widgets.findings->currentRow();
  m_widgets.volume->setSelectedBox(row >= 0 ? m_widgets.findings->finding(row).id : -1);
}

void AnalysisWorkflow::navigateTo(int row) {
  if (row < 0 || row >= m_widgets.findings->count()) return;
  m_widgets.findings->setCurrentRow(row);
  const BoundingBox& box = m_widgets.findings->finding(row);
  const auto centre = centreOf(box);
  SliceView* view = m_widgets.comparison->inputView();
  view->setCursorVoxel(centre);
  view->setSliceIndex(centre[static_cast<std::size_t>(view->sliceAxes().normal)]);
  m_widgets.volume->setSelectedBox(box.id);
  m_widgets.volume->centreOn({static_cast<double>(centre[0]), static_cast<double>(centre[1]),
                              static_cast<double>(centre[2])});
}

SweepRequest AnalysisWorkflow::sweepTemplate() const {
  SweepRequest request;
  request.input = m_inputPath;
  request.method = m_widgets.parameters->method();
  request.modelFolder = m_settings.modelFolder;
  request.baseParameters = m_widgets.parameters->parameters();
  request.threshold = m_widgets.parameters->threshold();
  if (m_widgets.parameters->control(request.scaleParameter) == nullptr) {
    request.scaleParameter.clear();
  }
  const SliceView* view = m_widgets.comparison->inputView();
  request.orientation = view->orientation();
  request.sliceIndex = view->sliceIndex();
  return request;
}

void AnalysisWorkflow::adopt(int level, double scale) {
  m_widgets.parameters->setParameter(QStringLiteral("noise-level"), level);
  m_widgets.parameters->setParameter(QStringLiteral("guidance-scale"), scale);
  run();
}

Session AnalysisWorkflow::session() const {
  Session session;
  session.imagePath = QFile::encodeName(m_inputPath).toStdString();
  if (m_result) session.resultFolder = QFile::encodeName(m_result->folder).toStdString();
  session.method = m_widgets.parameters->method().toStdString();
  const QJsonObject parameters = m_widgets.parameters->parameters();
  for (auto it = parameters.begin(); it != parameters.end(); ++it) {
    session.parameters[it.key().toStdString()] = it.value().toDouble();
  }
  session.findings = m_widgets.findings->document();
  const SliceView* view = m_widgets.comparison->inputView();
  session.view = {view->orientation(), view->sliceIndex(), view->window(), view->level()};
  return session;
}

void AnalysisWorkflow::restore(const Session& saved) {
  const auto result = LocalizationResult::load(QString::fromStdString(saved.resultFolder));
  m_widgets.parameters->setMethod(QString::fromStdString(saved.method));
  for (const auto& [name, value] : saved.parameters) {
    m_widgets.parameters->setParameter(QString::fromStdString(name), value);
  }
  showResult(result, saved.findings);
  SliceView* view = m_widgets.comparison->inputView();
  view->setOrientation(saved.view.orientation);
  view->setSliceIndex(saved.view.slice);
  view->setWindowLevel(saved.view.window, saved.view.level);
}

ExportReport AnalysisWorkflow::exportTo(const QString& folder) const {
  if (!m_result || m_input == nullptr) throw InvalidArgument("there is no result to export yet");
  return ResultExporter().exportAll(
      {m_input, m_inputPath, *m_result, m_widgets.findings->document(), folder});
}

void AnalysisWorkflow::keepEditsOfCurrentResult() {
  if (!m_result || m_widgets.findings->undoStack()->count() == 0) return;
  const QString file = QDir(m_result->folder).filePath(QStringLiteral("session.json"));
  try {
    SessionFile().write(session(), pathOf(file));
    Q_EMIT message(tr("Your edits of the previous result are kept in %1").arg(file));
  } catch (const std::exception& error) {
    Q_EMIT failed(tr("Could not keep the edits: %1").arg(QString::fromUtf8(error.what())));
  }
}

}  // namespace anomadiff::gui
