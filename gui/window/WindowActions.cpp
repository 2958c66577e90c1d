#include "window/WindowActions.h"

#include "archive/PacsActions.h"
#include "findings/FindingsModel.h"
#include "findings/SessionFile.h"
#include "views/ComparisonView.h"
#include "views/OverlayControls.h"
#include "views/SliceView.h"
#include "views/VolumeView.h"
#include "views/WindowLevelPreset.h"
#include "window/AnalysisWorkflow.h"
#include "window/CentralArea.h"
#include "window/MainWindow.h"
#include "window/ModelCardSummary.h"

#include <QAction>
#include <QActionGroup>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QKeySequence>
#include <QMenu>
#include <QMenuBar>
#include <QStatusBar>
#include <QUndoStack>

#include <exception>
#include <tuple>

namespace anomadiff::gui {
namespace {

const char* const kSessionFilter = "AnomaDiff session (*.anomadiff.json *.json)";

struct ShortcutRow {
  const char* keys;
  const char* what;
};

// One list for the Help text; the actions below use the same keys.
const ShortcutRow kShortcuts[] = {
    {"Ctrl+O", "Open an image"},
    {"Ctrl+S / Ctrl+Shift+O", "Save / open a session"},
    {"Ctrl+R", "Run the localization"},
    {"Ctrl+E / Ctrl+Shift+E", "Export the results / the current view as PNG"},
    {"Esc", "Cancel the running job"},
    {"Ctrl+Z / Ctrl+Shift+Z", "Undo / redo a findings edit"},
    {"Ctrl+1 / 2 / 3", "Axial / coronal / sagittal"},
    {"F5 / F6", "Comparison layout / four-up layout (axial, coronal, sagittal, 3D)"},
    {"B", "Show / hide the brain outline"},
    {"Wheel, Up/Down, PgUp/PgDn", "Previous / next slice"},
    {"Ctrl+Wheel", "Zoom about the mouse"},
    {"Middle-drag, Space+drag", "Pan"},
    {"Right-drag", "Window (horizontal) and level (vertical)"},
    {"H", "Show / hide the heat map"},
    {"V", "Anomaly map / variance map"},
    {"Shift+drag", "Draw a new box"},
    {"Drag a box / a handle", "Move / resize the current box"},
    {"A / R", "Accept / reject the current finding"},
    {"N / P", "Next / previous finding"},
    {"Delete", "Remove the current finding"},
    {"F1", "This list"},
};

}  // namespace

WindowActions::WindowActions(MainWindow* window) : QObject(window), m_window(window) {
  createFileMenu();
  createEditMenu();
  createViewMenu();
  createAnalysisMenu();
  createHelpMenu();
  setImageOpen(false, false);
}

void WindowActions::createFileMenu() {
  QMenu* menu = m_window->menuBar()->addMenu(tr("&File"));
  menu->addAction(tr("&Open Image…"), QKeySequence::Open, m_window, &MainWindow::openFileDialog);
  menu->addAction(tr("Open &DICOM Folder…"), m_window, &MainWindow::openDicomFolderDialog);
  menu->addAction(tr("Open &Example"), m_window, &MainWindow::openExample);
  menu->addAction(tr("Load &Model…"), this, &WindowActions::loadModel);
  m_recentMenu = menu->addMenu(tr("Open &Recent"));
  menu->addSeparator();
  menu->addAction(tr("Open Sess&ion…"), QKeySequence(QStringLiteral("Ctrl+Shift+O")), this,
                  &WindowActions::openSession);
  menu->addAction(tr("&Save Session…"), QKeySequence::Save, this, &WindowActions::saveSession);
  menu->addSeparator();
  menu->addAction(tr("&Export Results…"), QKeySequence(QStringLiteral("Ctrl+E")), this,
                  &WindowActions::exportResults);
  menu->addAction(tr("Export Current &View as PNG…"), QKeySequence(QStringLiteral("Ctrl+Shift+E")),
                  this, &WindowActions::exportCurrentView);
  menu->addSeparator();
  m_pacs = new PacsActions(m_window, menu);
  menu->addSeparator();
  menu->addAction(tr("&Quit"), QKeySequence::Quit, m_window, &QWidget::close);
}

void WindowActions::createEditMenu() {
  QMenu* menu = m_window->menuBar()->addMenu(tr("&Edit"));
  QUndoStack* stack = m_window->findingsModel()->undoStack();
  QAction* undo = stack->createUndoAction(this, tr("&Undo"));
  undo->setShortcut(QKeySequence::Undo);
  QAction* redo = stack->createRedoAction(this, tr("&Redo"));
  redo->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+Z")));
  menu->addAction(undo);
  menu->addAction(redo);
}

void WindowActions::createViewMenu() {
  QMenu* menu = m_window->menuBar()->addMenu(tr("&View"));
  m_orientationGroup = new QActionGroup(this);
  const std::pair<QString, SliceOrientation> orientations[] = {
      {tr("&Axial"), SliceOrientation::Axial},
      {tr("&Coronal"), SliceOrientation::Coronal},
      {tr("&Sagittal"), SliceOrientation::Sagittal}};
  int shortcut = 1;
  for (const auto& [name, orientation] : orientations) {
    QAction* action = menu->addAction(name);
    action->setCheckable(true);
    action->setChecked(orientation == SliceOrientation::Axial);
    action->setShortcut(QKeySequence(QStringLiteral("Ctrl+%1").arg(shortcut++)));
    m_orientationGroup->addAction(action);
    connect(action, &QAction::triggered, this, [this, orientation = orientation] {
      m_window->sliceView()->setOrientation(orientation);
    });
  }
  menu->addSeparator();
  QMenu* presets = menu->addMenu(tr("Window/Level &Presets"));
  for (const auto& preset : WindowLevelPreset::standardPresets()) {
    presets->addAction(preset.name(), this,
                       [this, preset] { m_window->sliceView()->applyPreset(preset); });
  }
  menu->addAction(tr("Reset &Zoom"), this, [this] { m_window->sliceView()->resetView(); });
  menu->addAction(tr("Reset 3D &Camera"), m_window->volumeView(), &VolumeView::resetCamera);
  menu->addSeparator();
  addLayoutActions(menu);
  menu->addSeparator();
  addOverlayActions(menu);
  menu->addSeparator();
  for (QDockWidget* dock : m_window->findChildren<QDockWidget*>()) {
    menu->addAction(dock->toggleViewAction());
  }
}

void WindowActions::addLayoutActions(QMenu* menu) {
  auto* group = new QActionGroup(this);
  const std::tuple<QString, CentralArea::Layout, Qt::Key> layouts[] = {
      {tr("&Comparison Layout"), CentralArea::Layout::Comparison, Qt::Key_F5},
      {tr("&Four-Up Layout"), CentralArea::Layout::FourUp, Qt::Key_F6}};
  for (const auto& [name, layout, key] : layouts) {
    QAction* action = menu->addAction(name);
    action->setCheckable(true);
    action->setChecked(layout == CentralArea::Layout::Comparison);
    action->setShortcut(QKeySequence(key));
    group->addAction(action);
    connect(action, &QAction::triggered, this,
            [this, layout = layout] { m_window->centralArea()->setLayout(layout); });
    // However the layout changes (menu, key, a restored session, code), menu and dock follow.
    connect(m_window->centralArea(), &CentralArea::layoutChanged, action,
            [action, layout = layout](CentralArea::Layout shown) {
              if (shown == layout) action->setChecked(true);
            });
  }
  connect(m_window->centralArea(), &CentralArea::layoutChanged, this,
          [this](CentralArea::Layout shown) {
            // The four-up has its own 3D view: the docked one would only repeat it.
            m_window->volumeDock()->setVisible(shown == CentralArea::Layout::Comparison);
          });
}

void WindowActions::addOverlayActions(QMenu* menu) {
  m_brainOutline = menu->addAction(tr("&Brain Outline"));
  m_brainOutline->setCheckable(true);
  m_brainOutline->setChecked(true);
  m_brainOutline->setShortcut(QKeySequence(Qt::Key_B));
  connect(m_brainOutline, &QAction::toggled, this, [this](bool visible) {
    if (m_window->analysis() != nullptr) m_window->analysis()->setBrainOutlineVisible(visible);
  });
  // The overlay's settings live in the toolbar; the menu keeps the key.
  QAction* variance = menu->addAction(tr("Anomaly / &Variance Map"));
  variance->setShortcut(QKeySequence(Qt::Key_V));
  connect(variance, &QAction::triggered, m_window->overlayControls(), &OverlayControls::toggleKind);
}

void WindowActions::createAnalysisMenu() {
  QMenu* menu = m_window->menuBar()->addMenu(tr("&Analysis"));
  m_run = menu->addAction(tr("&Run Localization"));
  m_run->setShortcut(QKeySequence(QStringLiteral("Ctrl+R")));
  connect(m_run, &QAction::triggered, this, [this] {
    if (m_window->analysis() != nullptr) m_window->analysis()->run();
  });
  m_cancel = menu->addAction(tr("&Cancel"));
  m_cancel->setShortcut(QKeySequence(Qt::Key_Escape));
  connect(m_cancel, &QAction::triggered, this, [this] {
    if (m_window->analysis() != nullptr) m_window->analysis()->cancel();
  });
}

void WindowActions::createHelpMenu() {
  QMenu* menu = m_window->menuBar()->addMenu(tr("&Help"));
  menu->addAction(tr("&Keyboard Shortcuts"), QKeySequence::HelpContents, m_window,
                  &MainWindow::showShortcuts);
  menu->addAction(tr("&About AnomaDiff"), m_window, &MainWindow::showAbout);
}

void WindowActions::setImageOpen(bool volume, bool any) {
  m_orientationGroup->setEnabled(volume);
  m_run->setEnabled(any);
}

void WindowActions::updateRecentFiles(const QStringList& files) {
  m_recentMenu->clear();
  for (const QString& file : files) {
    m_recentMenu->addAction(file, m_window, [this, file] { m_window->openImage(file); });
  }
  m_recentMenu->setEnabled(!files.isEmpty());
}

void WindowActions::loadModel() {
  const QString folder = QFileDialog::getExistingDirectory(m_window, tr("Load Model Bundle"));
  if (folder.isEmpty()) return;
  loadModelFrom(folder);
}

bool WindowActions::loadModelFrom(const QString& folder) {
  AnalysisWorkflow* analysis = m_window->analysis();
  if (analysis == nullptr) {
    m_window->reportError(tr("The analysis engine is not running"));
    return false;
  }
  try {
    m_lastModelSummary = ModelCardSummary::of(folder);
  } catch (const std::exception& error) {
    m_window->reportError(QString::fromUtf8(error.what()));
    return false;
  }
  analysis->setModelFolder(folder);
  m_window->showInformation(tr("Model"), m_lastModelSummary);
  return true;
}

void WindowActions::saveSession() {
  AnalysisWorkflow* analysis = m_window->analysis();
  if (analysis == nullptr || analysis->result() == nullptr) {
    m_window->reportError(tr("There is no result to save yet"));
    return;
  }
  const QString path =
      QFileDialog::getSaveFileName(m_window, tr("Save Session"), QString(), tr(kSessionFilter));
  if (path.isEmpty()) return;
  try {
    analysis->saveSession(path);
  } catch (const std::exception& error) {
    m_window->reportError(QString::fromUtf8(error.what()));
  }
}

void WindowActions::openSession() {
  AnalysisWorkflow* analysis = m_window->analysis();
  if (analysis == nullptr) return;
  const QString path =
      QFileDialog::getOpenFileName(m_window, tr("Open Session"), QString(), tr(kSessionFilter));
  if (path.isEmpty()) return;
  try {
    const Session session =
        SessionFile().read(std::filesystem::path(QFile::encodeName(path).toStdString()));
    if (!m_window->openImage(QString::fromStdString(session.imagePath))) return;
    analysis->restore(session);
  } catch (const std::exception& error) {
    m_window->reportError(QString::fromUtf8(error.what()));
  }
}

void WindowActions::exportResults() {
  AnalysisWorkflow* analysis = m_window->analysis();
  if (analysis == nullptr || analysis->result() == nullptr) {
    m_window->reportError(tr("There is no result to export yet"));
    return;
  }
  const QString folder = QFileDialog::getExistingDirectory(m_window, tr("Export Results To"));
  if (folder.isEmpty()) return;
  try {
    const ExportReport report = analysis->exportTo(folder);
    m_pacs->setExportFolder(report.folder);
    m_window->statusBar()->showMessage(
        tr("Exported %n file(s) to %1", nullptr, report.files.size()).arg(report.folder), 10000);
  } catch (const std::exception& error) {
    m_window->reportError(tr("Export failed: %1").arg(QString::fromUtf8(error.what())));
  }
}

void WindowActions::exportCurrentView() {
  const QString path = QFileDialog::getSaveFileName(m_window, tr("Export Current View"), QString(),
                                                    tr("PNG image (*.png)"));
  if (path.isEmpty()) return;
  try {
    ResultExporter::writePng(m_window->comparisonView()->grab().toImage(), path);
  } catch (const std::exception& error) {
    m_window->reportError(tr("Export failed: %1").arg(QString::fromUtf8(error.what())));
  }
}

QString WindowActions::shortcutsText() {
  QString html = QStringLiteral("<table cellspacing='4'>");
  for (const auto& row : kShortcuts) {
    html += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                .arg(QString::fromUtf8(row.keys).toHtmlEscaped(), tr(row.what));
  }
  return html + QStringLiteral("</table>");
}

}  // namespace anomadiff::gui
