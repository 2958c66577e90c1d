#include "window/MainWindow.h"

#include "common/Error.h"
#include "common/Version.h"
#include "findings/FindingsModel.h"
#include "findings/FindingsPanel.h"
#include "image/ImageReader.h"
#include "panels/JobProgressWidget.h"
#include "panels/ParameterPanel.h"
#include "preprocess/AffineTransform.h"
#include "sweep/SweepPanel.h"
#include "sweep/SweepRunner.h"
#include "views/ComparisonView.h"
#include "views/OverlayControls.h"
#include "views/SliceView.h"
#include "views/VolumeView.h"
#include "window/AnalysisWorkflow.h"
#include "window/CentralArea.h"
#include "window/CoreShare.h"
#include "window/EngineStatus.h"
#include "window/WindowActions.h"

#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QPainter>
#include <QPixmap>
#include <QScrollArea>
#include <QSettings>
#include <QStatusBar>
#include <QToolBar>

#include <exception>
#include <new>
#include <utility>

namespace anomadiff::gui {

namespace {

constexpr int kStatusMessageMs = 8000;
constexpr int kRecentFiles = 8;

const char* const kImageFilter =
    "Images (*.nii *.nii.gz *.mha *.mhd *.nrrd *.nhdr *.png *.jpg *.jpeg *.dcm);;"
    "All files (*)";

// Restores the cursor however the load ends.
class WaitCursor {
 public:
  WaitCursor() { QApplication::setOverrideCursor(Qt::WaitCursor); }
  ~WaitCursor() { QApplication::restoreOverrideCursor(); }
  WaitCursor(const WaitCursor&) = delete;
  WaitCursor& operator=(const WaitCursor&) = delete;
};

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle(QString::fromUtf8(kApplicationName));
  setAcceptDrops(true);
  m_central = new CentralArea(this);
  m_comparison = m_central->comparison();
  setCentralWidget(m_central);
  m_findings = new FindingsModel(this);
  QToolBar* overlayBar = addToolBar(tr("Overlay"));
  overlayBar->setObjectName(QStringLiteral("overlayToolBar"));
  m_overlayControls = new OverlayControls(m_comparison, overlayBar);
  overlayBar->addWidget(m_overlayControls);
  createDocks();
  createStatusBar();
  m_actions = new WindowActions(this);
  connect(sliceView(), &SliceView::sliceChanged, this, &MainWindow::updateSliceStatus);
  connect(sliceView(), &SliceView::windowLevelChanged, this, &MainWindow::updateSliceStatus);
  connect(sliceView(), &SliceView::orientationChanged, this, &MainWindow::updateSliceStatus);
  connect(sliceView(), &SliceView::cursorMoved, this, &MainWindow::updateSliceStatus);
  updateImageStatus();
  updateSliceStatus();
  resize(1400, 800);
}

MainWindow::~MainWindow() {
  // The workflow saves edits on destruction and needs the widgets: end it first.
  delete m_analysis;
  m_analysis = nullptr;
}

void MainWindow::createDocks() {
  m_parameters = new ParameterPanel(this);
  m_parameters->setEnabled(false);
  m_parametersDock = new QDockWidget(tr("Parameters"), this);
  m_parametersDock->setObjectName(QStringLiteral("parametersDock"));
  auto* scroll = new QScrollArea(m_parametersDock);
  scroll->setWidget(m_parameters);
  scroll->setWidgetResizable(true);
  m_parametersDock->setWidget(scroll);
  // Wide enough for a slider and its spin box side by side.
  m_parametersDock->setMinimumWidth(300);
  addDockWidget(Qt::LeftDockWidgetArea, m_parametersDock);

  m_volumeDock = new QDockWidget(tr("3D"), this);
  m_volumeDock->setObjectName(QStringLiteral("volumeDock"));
  m_volumeView = new VolumeView(m_volumeDock);
  m_volumeView->setMinimumSize(240, 240);
  m_volumeDock->setWidget(m_volumeView);
  addDockWidget(Qt::RightDockWidgetArea, m_volumeDock);

  m_findingsDock = new QDockWidget(tr("Findings"), this);
  m_findingsDock->setObjectName(QStringLiteral("findingsDock"));
  m_findingsPanel = new FindingsPanel(m_findings, m_findingsDock);
  m_findingsDock->setWidget(m_findingsPanel);
  addDockWidget(Qt::RightDockWidgetArea, m_findingsDock);
  resizeDocks({m_parametersDock, m_volumeDock}, {300, 400}, Qt::Horizontal);
}

void MainWindow::createStatusBar() {
  m_progress = new JobProgressWidget(this);
  m_imageLabel = new QLabel(this);
  m_sliceLabel = new QLabel(this);
  m_engineStatus = new EngineStatus(this);
  statusBar()->addPermanentWidget(m_progress);
  statusBar()->addPermanentWidget(m_sliceLabel);
  statusBar()->addPermanentWidget(m_imageLabel);
  statusBar()->addPermanentWidget(m_engineStatus);
}

void MainWindow::startAnalysis(const WorkerSettings& settings) {
  delete m_analysis;
  m_analysis = new AnalysisWorkflow(
      settings, {m_comparison, m_volumeView, m_parameters, m_findings, m_progress}, this);
  m_engineStatus->follow(
      m_analysis, settings.threads > 0 ? QString::number(settings.threads) : tr("all cores"));
  connect(m_analysis, &AnalysisWorkflow::ready, m_parameters,
          [this] { m_parameters->setEnabled(true); });
  connect(m_analysis, &AnalysisWorkflow::failed, this, &MainWindow::reportError);
  connect(m_analysis, &AnalysisWorkflow::warningsChanged, m_central, &CentralArea::setWarnings);
  connect(m_analysis, &AnalysisWorkflow::message, this,
          [this](const QString& text) { statusBar()->showMessage(text, kStatusMessageMs); });
  connect(m_findingsPanel, &FindingsPanel::navigateRequested, m_analysis,
          &AnalysisWorkflow::navigateTo);
  if (m_image != nullptr) m_analysis->setInput(m_image, m_imagePath);
  createSweepDock(settings);
  new CoreShare(settings.threads, m_analysis->controller(), m_sweepPanel->runner(), m_analysis);
}

void MainWindow::createSweepDock(const WorkerSettings& settings) {
  if (m_sweepDock != nullptr) return;
  // Its own worker: a sweep never cancels the reader's job, nor the other way round.
  auto* runner =
      new SweepRunner(settings.program, settings.arguments,
                      QDir(settings.runsFolder).filePath(QStringLiteral("sweeps")), this);
  m_sweepDock = new QDockWidget(tr("Sweep"), this);
  m_sweepDock->setObjectName(QStringLiteral("sweepDock"));
  m_sweepPanel = new SweepPanel(runner, m_sweepDock);
  m_sweepDock->setWidget(m_sweepPanel);
  addDockWidget(Qt::RightDockWidgetArea, m_sweepDock);
  tabifyDockWidget(m_findingsDock, m_sweepDock);
  m_findingsDock->raise();
  connect(m_sweepPanel, &SweepPanel::startRequested, this, [this] {
    if (m_analysis != nullptr) m_sweepPanel->setJobTemplate(m_analysis->sweepTemplate());
  });
  connect(m_sweepPanel, &SweepPanel::adoptRequested, this, [this](int level, double scale) {
    if (m_analysis != nullptr) m_analysis->adopt(level, scale);
  });
}

bool MainWindow::openImage(const QString& path) {
  std::shared_ptr<const Image> image;
  QString error;
  {
    const WaitCursor waitCursor;
    // Everything a reader can throw ends here: the window and the current image survive.
    try {
      image = std::make_shared<const Image>(
          ImageReader().read(std::filesystem::path(QFile::encodeName(path).toStdString())));
    } catch (const std::bad_alloc&) {
      error = tr("not enough memory");
    } catch (const std::exception& e) {
      error = QString::fromUtf8(e.what());
    }
  }
  if (image == nullptr || image->isEmpty()) {
    if (error.isEmpty()) error = tr("the file holds no voxels");
    const QString message = tr("Could not open \"%1\": %2").arg(QFileInfo(path).fileName(), error);
    reportError(message);
    Q_EMIT loadFailed(message);
    return false;
  }
  setImage(std::move(image), path);
  rememberRecent(path);
  return true;
}

void MainWindow::setImage(std::shared_ptr<const Image> image, const QString& sourcePath) {
  m_image = std::move(image);
  m_imagePath = sourcePath;
  m_lastError.clear();
  if (m_analysis != nullptr) m_analysis->setInput(m_image, m_imagePath);
  m_central->setWarnings({});
  m_comparison->setInput(m_image);
  if (m_image == nullptr) {
    m_volumeView->clear();
  } else {
    m_volumeView->setImage(*m_image);
  }
  m_actions->setImageOpen(m_image != nullptr && !m_image->geometry().is2D(), m_image != nullptr);
  const QString name = QFileInfo(sourcePath).fileName();
  setWindowTitle(name.isEmpty() ? QString::fromUtf8(kApplicationName)
                                : QStringLiteral("%1 — %2").arg(name, kApplicationName));
  updateImageStatus();
  updateSliceStatus();
  if (m_image != nullptr) {
    statusBar()->showMessage(tr("Opened %1").arg(name), kStatusMessageMs);
    Q_EMIT imageLoaded(sourcePath);
  }
}

void MainWindow::setErrorDialogsEnabled(bool enabled) {
  m_errorDialogsEnabled = enabled;
}

bool MainWindow::errorDialogsEnabled() const {
  return m_errorDialogsEnabled;
}

const Image* MainWindow::image() const {
  return m_image.get();
}

QString MainWindow::imagePath() const {
  return m_imagePath;
}

QString MainWindow::lastError() const {
  return m_lastError;
}

SliceView* MainWindow::sliceView() const {
  return m_comparison->inputView();
}

void MainWindow::reportError(const QString& message) {
  m_lastError = message;
  statusBar()->showMessage(message, kStatusMessageMs);
  if (m_errorDialogsEnabled) {
    // Non-modal: no nested event loop, so the caller's state stays consistent and tests can
    // find and close the box.
    auto* box = new QMessageBox(QMessageBox::Critical, QString::fromUtf8(kApplicationName), message,
                                QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
  }
  Q_EMIT errorShown(message);
}

void MainWindow::showInformation(const QString& title, const QString& text) {
  statusBar()->showMessage(text.section('\n', 0, 0), kStatusMessageMs);
  if (!m_errorDialogsEnabled) return;
  auto* box = new QMessageBox(QMessageBox::Information, title, text, QMessageBox::Ok, this);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();
}

void MainWindow::updateImageStatus() {
  if (m_image == nullptr) {
    m_imageLabel->setText(tr("No image"));
    return;
  }
  const ImageGeometry& g = m_image->geometry();
  m_imageLabel->setText(tr("%1 × %2 × %3 voxels, %4 × %5 × %6 mm")
                            .arg(g.size[0])
                            .arg(g.size[1])
                            .arg(g.size[2])
                            .arg(g.spacing[0], 0, 'g', 4)
                            .arg(g.spacing[1], 0, 'g', 4)
                            .arg(g.spacing[2], 0, 'g', 4));
}

void MainWindow::updateSliceStatus() {
  const SliceView* view = sliceView();
  if (!view->hasImage()) {
    m_sliceLabel->clear();
    return;
  }
  // The cursor's voxel, its value and its physical place (LPS mm, the frame of boxes.json's
  // lps_mm and of DICOM), so a reader can cross-check a point with a PACS viewer.
  const auto cursor = view->cursorVoxel();
  const Image& image = *view->image();
  const auto point = preprocess::AffineTransform::indexToPhysical(image.geometry())
                         .apply({double(cursor[0]), double(cursor[1]), double(cursor[2])});
  const float value =
      image.at(std::size_t(cursor[0]), std::size_t(cursor[1]), std::size_t(cursor[2]));
  m_sliceLabel->setText(tr("Slice %1/%2   W %3 L %4   [%5, %6, %7] = %8   %9, %10, %11 mm LPS")
                            .arg(view->sliceIndex() + 1)
                            .arg(view->sliceCount())
                            .arg(view->window(), 0, 'g', 4)
                            .arg(view->level(), 0, 'g', 4)
                            .arg(cursor[0])
                            .arg(cursor[1])
                            .arg(cursor[2])
                            .arg(double(value), 0, 'g', 5)
                            .arg(point[0], 0, 'f', 1)
                            .arg(point[1], 0, 'f', 1)
                            .arg(point[2], 0, 'f', 1));
}

void MainWindow::rememberRecent(const QString& path) {
  QSettings settings;
  QStringList recent = settings.value(QStringLiteral("recentFiles")).toStringList();
  recent.removeAll(path);
  recent.prepend(QFileInfo(path).absoluteFilePath());
  while (recent.size() > kRecentFiles) recent.removeLast();
  settings.setValue(QStringLiteral("recentFiles"), recent);
  m_actions->updateRecentFiles(recent);
}

QString MainWindow::dialogDirectory() const {
  return m_imagePath.isEmpty() ? QString() : QFileInfo(m_imagePath).absolutePath();
}

void MainWindow::openFileDialog() {
  const QString path =
      QFileDialog::getOpenFileName(this, tr("Open Image"), dialogDirectory(), tr(kImageFilter));
  if (!path.isEmpty()) openImage(path);
}

void MainWindow::openDicomFolderDialog() {
  const QString path =
      QFileDialog::getExistingDirectory(this, tr("Open DICOM Folder"), dialogDirectory());
  if (!path.isEmpty()) openImage(path);
}

void MainWindow::openExample() {
  if (m_examplePath.isEmpty() || !QFileInfo::exists(m_examplePath)) {
    reportError(tr("The bundled example is not installed"));
    return;
  }
  openImage(m_examplePath);
}

QString MainWindow::aboutText() {
  return tr("<h3>%1 %2</h3>"
            "<p>Anomaly localization in brain MRI with denoising diffusion models.</p>"
            "<p><b>For research use only.</b> Not a medical device; not for clinical diagnosis "
            "or treatment decisions.</p>")
      .arg(QString::fromUtf8(kApplicationName), QString::fromUtf8(kVersion));
}

void MainWindow::showAbout() {
  QMessageBox::about(this, tr("About %1").arg(QString::fromUtf8(kApplicationName)), aboutText());
}

QString MainWindow::shortcutsText() {
  return WindowActions::shortcutsText();
}

void MainWindow::showShortcuts() {
  auto* box = new QMessageBox(QMessageBox::Information, tr("Keyboard Shortcuts"), shortcutsText(),
                              QMessageBox::Ok, this);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();
}

QImage MainWindow::grabScreenshot() {
  QPixmap pixmap = grab();
  // The docked 3D view and the four-up's: each GL frame painted where its widget sits.
  for (VolumeView* view : findChildren<VolumeView*>()) {
    if (!view->isVisible()) continue;
    const QImage frame = view->grabFrame();
    if (frame.isNull()) continue;
    QPainter painter(&pixmap);
    painter.drawImage(QRect(view->mapTo(this, QPoint(0, 0)), view->size()), frame);
  }
  return pixmap.toImage();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const QList<QUrl> urls = event->mimeData()->urls();
  if (!urls.isEmpty() && urls.first().isLocalFile()) {
    openImage(urls.first().toLocalFile());
    event->acceptProposedAction();
  }
}

}  // namespace anomadiff::gui
