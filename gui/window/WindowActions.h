#pragma once

#include <QObject>
#include <QStringList>

class QAction;
class QActionGroup;
class QMenu;

namespace anomadiff::gui {

class MainWindow;
class PacsActions;

/// The window's menus and shortcuts (File, Edit, View, Analysis, Help), kept apart from the
/// layout so MainWindow stays about layout and state. Actions that need a running engine or an
/// open image are enabled only then.
class WindowActions : public QObject {
  Q_OBJECT

 public:
  explicit WindowActions(MainWindow* window);

  /// `volume`: a 3D image is open (orientations apply); `any`: some image is open.
  void setImageOpen(bool volume, bool any);
  void updateRecentFiles(const QStringList& files);
  QAction* runAction() const { return m_run; }
  QAction* cancelAction() const { return m_cancel; }
  QAction* brainOutlineAction() const { return m_brainOutline; }
  /// File › Load Model… without the dialog: validates the bundle, points the engine at it and
  /// shows its card summary. False (and the error reported) when it is not a bundle.
  bool loadModelFrom(const QString& folder);
  QString lastModelSummary() const { return m_lastModelSummary; }
  /// File › Open from PACS…, Send Results to PACS, PACS Settings….
  PacsActions* pacs() const { return m_pacs; }

  /// The shortcuts as an HTML table for Help → Keyboard Shortcuts.
  static QString shortcutsText();

 private:
  void createFileMenu();
  void createEditMenu();
  void createViewMenu();
  void createAnalysisMenu();
  void createHelpMenu();
  void addLayoutActions(QMenu* menu);
  void addOverlayActions(QMenu* menu);
  void loadModel();
  void saveSession();
  void openSession();
  void exportResults();
  void exportCurrentView();

  MainWindow* m_window;
  QMenu* m_recentMenu = nullptr;
  QActionGroup* m_orientationGroup = nullptr;
  QAction* m_run = nullptr;
  QAction* m_cancel = nullptr;
  QAction* m_brainOutline = nullptr;
  QString m_lastModelSummary;
  PacsActions* m_pacs = nullptr;
};

}  // namespace anomadiff::gui
