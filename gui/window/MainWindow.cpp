#include "window/MainWindow.h"

#include "common/Error.h"
#include "common/Version.h"
#include "image/ImageReader.h"
#include "views/SliceView.h"
#include "views/VolumeView.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPainter>
#include <QPixmap>
#include <QStatusBar>

#include <exception>
#include <new>
#include <utility>

namespace anomadiff::gui {

namespace {

constexpr int kStatusMessageMs = 8000;

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

  m_sliceView = new SliceView(this);
  setCentralWidget(m_sliceView);

  m_volumeDock = new QDockWidget(tr("3D view"), this);
  m_volumeDock->setObjectName(QStringLiteral("volumeDock"));
  m_volumeView = new VolumeView(m_volumeDock);
  m_volumeView->setMinimumSize(240, 240);
  m_volumeDock->setWidget(m_volumeView);
  addDockWidget(Qt::RightDockWidgetArea, m_volumeDock);
  resizeDocks({m_volumeDock}, {480}, Qt::Horizontal);

  m_imageLabel = new QLabel(this);
  m_sliceLabel = new QLabel(this);
  statusBar()->addPermanentWidget(m_sliceLabel);
  statusBar()->addPermanentWidget(m_imageLabel);

  createMenus();
  connect(m_sliceView, &SliceView::sliceChanged, this, &MainWindow::updateSliceStatus);
  connect(m_sliceView, &SliceView::windowLevelChanged, this, &MainWindow::updateSliceStatus);
  connect(m_sliceView, &SliceView::orientationChanged, this, &MainWindow::updateSliceStatus);
  updateImageStatus();
  updateSliceStatus();
  resize(1200, 720);
}

MainWindow::~MainWindow() = default;

void MainWindow::createMenus() {
  QMenu* fileMenu = menuBar()->addMenu(tr("&File"));
  QAction* openAction = fileMenu->addAction(tr("&Open Image…"), this, &MainWindow::openFileDialog);
  openAction->setShortcut(QKeySequence::Open);
  fileMenu->addAction(tr("Open &DICOM Folder…"), this, &MainWindow::openDicomFolderDialog);
  fileMenu->addSeparator();
  QAction* quitAction = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
  quitAction->setShortcut(QKeySequence::Quit);

  QMenu* viewMenu = menuBar()->addMenu(tr("&View"));
  m_orientationGroup = new QActionGroup(this);
  const std::pair<QString, SliceOrientation> orientations[] = {
      {tr("&Axial"), SliceOrientation::Axial},
      {tr("&Coronal"), SliceOrientation::Coronal},
      {tr("&Sagittal"), SliceOrientation::Sagittal}};
  int shortcut = 1;
  for (const auto& [name, orientation] : orientations) {
    QAction* action = viewMenu->addAction(name);
    action->setCheckable(true);
    action->setChecked(orientation == m_sliceView->orientation());
    action->setShortcut(QKeySequence(QStringLiteral("Ctrl+%1").arg(shortcut++)));
    m_orientationGroup->addAction(action);
    connect(action, &QAction::triggered, this,
            [this, orientation = orientation] { m_sliceView->setOrientation(orientation); });
  }
  viewMenu->addSeparator();
  viewMenu->addAction(tr("Reset &Window/Level"), m_sliceView, &SliceView::resetWindowLevel);
  viewMenu->addAction(tr("Reset 3D &Camera"), m_volumeView, &VolumeView::resetCamera);
  viewMenu->addSeparator();
  viewMenu->addAction(m_volumeDock->toggleViewAction());

  QMenu* helpMenu = menuBar()->addMenu(tr("&Help"));
  helpMenu->addAction(tr("&About AnomaDiff"), this, &MainWindow::showAbout);
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
    } catch (const Error& e) {
      error = QString::fromUtf8(e.what());
    } catch (const std::bad_alloc&) {
      error = tr("not enough memory");
    } catch (const std::exception& e) {
      error = QString::fromUtf8(e.what());
    }
  }
  if (image == nullptr || image->isEmpty()) {
    if (error.isEmpty()) {
      error = tr("the file holds no voxels");
    }
    reportError(tr("Could not open \"%1\": %2").arg(QFileInfo(path).fileName(), error));
    return false;
  }
  setImage(std::move(image), path);
  return true;
}

void MainWindow::setImage(std::shared_ptr<const Image> image, const QString& sourcePath) {
  m_image = std::move(image);
  m_imagePath = sourcePath;
  m_lastError.clear();
  if (m_image == nullptr) {
    m_sliceView->clear();
    m_volumeView->clear();
  } else {
    m_sliceView->setImage(m_image);
    m_volumeView->setImage(*m_image);
  }
  // A 2D image only has its own plane.
  m_orientationGroup->setEnabled(m_image != nullptr && !m_image->geometry().is2D());
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
  return m_sliceView;
}

VolumeView* MainWindow::volumeView() const {
  return m_volumeView;
}

void MainWindow::reportError(const QString& message) {
  m_lastError = message;
  statusBar()->showMessage(message, kStatusMessageMs);
  if (m_errorDialogsEnabled) {
    // Non-modal: no nested event loop, so the caller's state stays consistent and tests can
    // find and close the box.
    auto* box = new QMessageBox(QMessageBox::Critical, tr("Cannot open image"), message,
                                QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
  }
  Q_EMIT loadFailed(message);
}

void MainWindow::updateImageStatus() {
  if (m_image == nullptr) {
    m_imageLabel->setText(tr("No image"));
    return;
  }
  const ImageGeometry& g = m_image->geometry();
  m_imageLabel->setText(tr("%1 × %2 × %3 voxels, spacing %4 × %5 × %6 mm")
                            .arg(g.size[0])
                            .arg(g.size[1])
                            .arg(g.size[2])
                            .arg(g.spacing[0], 0, 'g', 4)
                            .arg(g.spacing[1], 0, 'g', 4)
                            .arg(g.spacing[2], 0, 'g', 4));
}

void MainWindow::updateSliceStatus() {
  if (!m_sliceView->hasImage()) {
    m_sliceLabel->clear();
    return;
  }
  m_sliceLabel->setText(tr("Slice %1/%2   W %3 L %4")
                            .arg(m_sliceView->sliceIndex() + 1)
                            .arg(m_sliceView->sliceCount())
                            .arg(m_sliceView->window(), 0, 'g', 4)
                            .arg(m_sliceView->level(), 0, 'g', 4));
}

QString MainWindow::dialogDirectory() const {
  return m_imagePath.isEmpty() ? QString() : QFileInfo(m_imagePath).absolutePath();
}

void MainWindow::openFileDialog() {
  const QString path =
      QFileDialog::getOpenFileName(this, tr("Open Image"), dialogDirectory(), tr(kImageFilter));
  if (!path.isEmpty()) {
    openImage(path);
  }
}

void MainWindow::openDicomFolderDialog() {
  const QString path =
      QFileDialog::getExistingDirectory(this, tr("Open DICOM Folder"), dialogDirectory());
  if (!path.isEmpty()) {
    openImage(path);
  }
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

QImage MainWindow::grabScreenshot() {
  QPixmap pixmap = grab();
  if (m_volumeView->isVisible()) {
    const QImage frame = m_volumeView->grabFrame();
    if (!frame.isNull()) {
      QPainter painter(&pixmap);
      painter.drawImage(QRect(m_volumeView->mapTo(this, QPoint(0, 0)), m_volumeView->size()),
                        frame);
    }
  }
  return pixmap.toImage();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls()) {
    event->acceptProposedAction();
  }
}

void MainWindow::dropEvent(QDropEvent* event) {
  const QList<QUrl> urls = event->mimeData()->urls();
  if (!urls.isEmpty() && urls.first().isLocalFile()) {
    openImage(urls.first().toLocalFile());
    event->acceptProposedAction();
  }
}

}  // namespace anomadiff::gui
