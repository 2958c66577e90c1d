#pragma once

#include "image/Image.h"
#include "window/WorkerSettings.h"

#include <QImage>
#include <QMainWindow>
#include <QString>

#include <memory>

class QDockWidget;
class QLabel;

namespace anomadiff::gui {

class AnalysisWorkflow;
class CentralArea;
class EngineStatus;
class ComparisonView;
class FindingsModel;
class FindingsPanel;
class JobProgressWidget;
class OverlayControls;
class ParameterPanel;
class SliceView;
class SweepPanel;
class VolumeView;
class WindowActions;

/// The application window: input | pseudo-healthy | overlay side by side in the centre
/// (ComparisonView), the parameters on the left, the 3D view and the findings on the right, a
/// status bar with the image, slice, model, device and threads, and the running job's progress.
/// Analysis starts with startAnalysis() (the worker process); without it the window is a viewer.
/// Errors never escape: they become loadFailed/errorShown, a status bar message and, unless
/// disabled, a non-modal message box (so tests and the screenshot mode never block on a dialog).
class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  /// Starts the worker and enables localization (parameter panel, Run, findings).
  void startAnalysis(const WorkerSettings& settings);
  AnalysisWorkflow* analysis() const { return m_analysis; }

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
  /// The message of the last error, empty when the last load succeeded.
  QString lastError() const;

  /// The input view (first of the three linked views).
  SliceView* sliceView() const;
  ComparisonView* comparisonView() const { return m_comparison; }
  CentralArea* centralArea() const { return m_central; }
  VolumeView* volumeView() const { return m_volumeView; }
  ParameterPanel* parameterPanel() const { return m_parameters; }
  FindingsModel* findingsModel() const { return m_findings; }
  FindingsPanel* findingsPanel() const { return m_findingsPanel; }
  JobProgressWidget* jobProgress() const { return m_progress; }
  QDockWidget* volumeDock() const { return m_volumeDock; }
  WindowActions* actions() const { return m_actions; }
  OverlayControls* overlayControls() const { return m_overlayControls; }
  /// The L × s sweep (null until startAnalysis).
  SweepPanel* sweepPanel() const { return m_sweepPanel; }
  EngineStatus* engineStatus() const { return m_engineStatus; }

  /// The bundled example that File → Open Example opens.
  void setExamplePath(const QString& path) { m_examplePath = path; }
  QString examplePath() const { return m_examplePath; }

  /// The whole window as shown, with the 3D view's GL frame painted in (QWidget::grab alone
  /// does not capture GL content reliably on every platform).
  QImage grabScreenshot();

  /// Help → About text: version and the research-use notice.
  static QString aboutText();
  /// Help → Keyboard Shortcuts text.
  static QString shortcutsText();

 public Q_SLOTS:
  void openFileDialog();
  void openDicomFolderDialog();
  void openExample();
  void showAbout();
  void showShortcuts();
  void reportError(const QString& message);
  /// A non-modal information box (unless error dialogs are off: then the status bar only).
  void showInformation(const QString& title, const QString& text);

 Q_SIGNALS:
  void imageLoaded(const QString& path);
  void loadFailed(const QString& message);
  void errorShown(const QString& message);

 protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  void createDocks();
  void createStatusBar();
  void createSweepDock(const WorkerSettings& settings);
  void updateImageStatus();
  void updateSliceStatus();
  void rememberRecent(const QString& path);
  QString dialogDirectory() const;

  CentralArea* m_central = nullptr;
  ComparisonView* m_comparison = nullptr;
  VolumeView* m_volumeView = nullptr;
  QDockWidget* m_volumeDock = nullptr;
  ParameterPanel* m_parameters = nullptr;
  QDockWidget* m_parametersDock = nullptr;
  FindingsModel* m_findings = nullptr;
  FindingsPanel* m_findingsPanel = nullptr;
  JobProgressWidget* m_progress = nullptr;
  OverlayControls* m_overlayControls = nullptr;
  QDockWidget* m_findingsDock = nullptr;
  QDockWidget* m_sweepDock = nullptr;
  SweepPanel* m_sweepPanel = nullptr;
  WindowActions* m_actions = nullptr;
  AnalysisWorkflow* m_analysis = nullptr;
  QLabel* m_imageLabel = nullptr;
  QLabel* m_sliceLabel = nullptr;
  EngineStatus* m_engineStatus = nullptr;

  std::shared_ptr<const Image> m_image;
  QString m_imagePath;
  QString m_lastError;
  QString m_examplePath;
  bool m_errorDialogsEnabled = true;
};

}  // namespace anomadiff::gui
