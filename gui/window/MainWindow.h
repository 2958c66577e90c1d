#pragma once

#include "image/Image.h"

#include <QImage>
#include <QMainWindow>
#include <QString>

#include <memory>

class QActionGroup;
class QDockWidget;
class QLabel;

namespace anomadiff::gui {

class SliceView;
class VolumeView;

/// The application window: the 2D slice view in the centre, the 3D view in a dock on the right,
/// File/View/Help menus and a status bar with the image's size and spacing.
/// Loading errors never escape: they become loadFailed(message), a status bar message and, unless
/// disabled, a non-modal message box (so tests and the screenshot mode never block on a dialog).
class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  /// Reads an image file or DICOM folder and shows it. Returns false (and reports the error)
  /// when it cannot be read; the current image then stays.
  bool openImage(const QString& path);
  /// Shows an image that is already in memory; `sourcePath` names it in the title bar.
  void setImage(std::shared_ptr<const Image> image, const QString& sourcePath);

  /// Whether errors also open a message box (default true). The box is non-modal either way.
  void setErrorDialogsEnabled(bool enabled);
  bool errorDialogsEnabled() const;

  const Image* image() const;
  QString imagePath() const;
  /// The message of the last failed load, empty when the last load succeeded.
  QString lastError() const;

  SliceView* sliceView() const;
  VolumeView* volumeView() const;

  /// The whole window as shown, with the 3D view's GL frame painted in (QWidget::grab alone
  /// does not capture GL content reliably on every platform).
  QImage grabScreenshot();

  /// Help → About text: version and the research-use notice.
  static QString aboutText();

 public Q_SLOTS:
  void openFileDialog();
  void openDicomFolderDialog();
  void showAbout();

 Q_SIGNALS:
  void imageLoaded(const QString& path);
  void loadFailed(const QString& message);

 protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  void createMenus();
  void reportError(const QString& message);
  void updateImageStatus();
  void updateSliceStatus();
  QString dialogDirectory() const;

  SliceView* m_sliceView = nullptr;
  VolumeView* m_volumeView = nullptr;
  QDockWidget* m_volumeDock = nullptr;
  QActionGroup* m_orientationGroup = nullptr;
  QLabel* m_imageLabel = nullptr;
  QLabel* m_sliceLabel = nullptr;

  std::shared_ptr<const Image> m_image;
  QString m_imagePath;
  QString m_lastError;
  bool m_errorDialogsEnabled = true;
};

}  // namespace anomadiff::gui
