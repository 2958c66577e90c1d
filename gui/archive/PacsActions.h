#pragma once

#include <QObject>
#include <QString>

class QMenu;

namespace anomadiff::gui {

class MainWindow;

/// The File menu's PACS entries: Open from PACS… (PacsBrowser; the series opens in the viewer),
/// Send Results to PACS (the last export's DICOM objects, each reported), PACS Settings….
class PacsActions : public QObject {
  Q_OBJECT

 public:
  PacsActions(MainWindow* window, QMenu* fileMenu);

  /// The folder of the last export: what Send Results to PACS sends.
  void setExportFolder(const QString& folder) { m_exportFolder = folder; }

  void openFromPacs();
  void sendResults();
  /// Returns false when the reader cancelled.
  bool editSettings();

 private:
  /// The settings, asking for them first when none are set; false when the reader cancelled.
  bool ensureSettings();

  MainWindow* m_window;
  QString m_exportFolder;
};

}  // namespace anomadiff::gui
