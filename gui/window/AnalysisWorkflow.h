#pragma once

#include "export/ResultExporter.h"
#include "findings/Session.h"
#include "protocol/WorkerEvent.h"
#include "result/LocalizationResult.h"
#include "sweep/SweepRequest.h"
#include "window/WorkerSettings.h"

#include <QJsonObject>
#include <QObject>
#include <QStringList>

#include <memory>
#include <optional>

namespace anomadiff::gui {

class BoxEditLayer;
class ComparisonView;
class FindingsModel;
class JobProgressWidget;
class LocalizationController;
class MaskOutlineLayer;
class ParameterPanel;
class SessionAutosaver;
class VolumeView;
class WorkerClient;

/// The widgets a workflow drives; the window owns them.
struct AnalysisWidgets {
  ComparisonView* comparison = nullptr;
  VolumeView* volume = nullptr;
  ParameterPanel* parameters = nullptr;
  FindingsModel* findings = nullptr;
  JobProgressWidget* progress = nullptr;
};

/// Everything between "the reader moved a slider" and "the overlay and boxes are on screen":
/// starts the worker, fills the parameter panel from its method catalog, runs jobs for the open
/// image, shows a finished result in the 2D and 3D views and the findings list, moves the views
/// to a chosen finding, and keeps the session autosaved. Edits of a result that a new run
/// replaces are written beside that result (session.json) first, so no edit is ever lost.
class AnalysisWorkflow : public QObject {
  Q_OBJECT

 public:
  AnalysisWorkflow(const WorkerSettings& settings, const AnalysisWidgets& widgets,
                   QObject* parent = nullptr);
  ~AnalysisWorkflow() override;

  /// A new input: the previous result is cleared (its edits saved beside it).
  void setInput(std::shared_ptr<const Image> image, const QString& path);
  bool isReady() const;
  bool isRunning() const;
  const LocalizationResult* result() const;
  /// The session as it stands (image, result, method, parameters, edited findings).
  Session session() const;
  /// Writes the session to `path` and pins its result folder, so pruning old runs keeps what
  /// the file needs (RunFolders). Throws IoError when it cannot be written, InvalidArgument when
  /// `path` is the input image.
  void saveSession(const QString& path) const;
  /// Shows a saved session's result with its edited findings. Throws IoError when its result
  /// folder cannot be read.
  void restore(const Session& session);
  /// Writes the result with the reader's edits into `folder` (ResultExporter). Throws
  /// InvalidArgument when there is no result or the folder is refused, IoError on write errors.
  ExportReport exportTo(const QString& folder) const;
  /// A sweep of the open image with the current method and parameters (the axes come from the
  /// sweep panel); no scale axis when the method has no guidance scale.
  SweepRequest sweepTemplate() const;
  /// Takes a sweep cell's values into the parameter panel and runs them.
  void adopt(int level, double scale);
  LocalizationController* controller() const { return m_controller; }
  WorkerClient* worker() const { return m_worker; }
  SessionAutosaver* autosaver() const { return m_autosaver; }
  const WorkerSettings& settings() const { return m_settings; }
  /// Another model bundle for the next runs: the worker reloads the method catalog from it.
  void setModelFolder(const QString& folder);
  /// The outline of the intake's brain mask on the input and overlay views.
  void setBrainOutlineVisible(bool visible);
  bool brainOutlineVisible() const;

 public Q_SLOTS:
  void run();
  void cancel();
  /// Centres the 2D and 3D views on a finding and makes it current.
  void navigateTo(int row);
  /// Starts an unavailable engine again.
  void retryEngine();
  /// Runs the job lost with its worker again, with the same parameters.
  void rerunInterrupted();

 Q_SIGNALS:
  void ready(const QString& modelName);
  void resultShown();
  /// The running job's estimate is on screen in the reconstruction view.
  void previewShown();
  void failed(const QString& message);
  void message(const QString& text);
  /// The worker ended and is being restarted; `reason` says why.
  void engineRestarting(const QString& reason);
  /// No worker will start by itself (retryEngine() tries again).
  void engineUnavailable(const QString& reason);
  /// The running job was lost with its worker; rerunInterrupted() runs it again.
  void jobInterrupted(const QString& message);
  /// The intake's warnings for the result just shown (empty: nothing to doubt).
  void warningsChanged(const QStringList& warnings);

 private:
  void connectWorker();
  void connectFindings();
  void showPreview(const QString& file);
  void onResult(const LocalizationResult& result, const protocol::LocalizeResultEvent& details);
  void showResult(const LocalizationResult& result, const FindingsDocument& findings);
  void clearResult();
  void keepEditsOfCurrentResult();
  void pinForAutosave();
  void updateVolumeBoxes();

  WorkerSettings m_settings;
  AnalysisWidgets m_widgets;
  WorkerClient* m_worker = nullptr;
  LocalizationController* m_controller = nullptr;
  SessionAutosaver* m_autosaver = nullptr;
  MaskOutlineLayer* m_brainOutlines[2] = {};  // input view, overlay view
  MaskOutlineLayer* m_maskOutline = nullptr;
  BoxEditLayer* m_inputBoxes = nullptr;
  BoxEditLayer* m_overlayBoxes = nullptr;
  std::shared_ptr<const Image> m_input;
  QString m_inputPath;
  std::optional<LocalizationResult> m_result;
  bool m_ready = false;
};

}  // namespace anomadiff::gui
