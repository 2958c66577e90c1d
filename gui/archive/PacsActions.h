#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

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
  /// Sends on a worker thread with a progress dialog; the window stays usable. The report
  /// (stored / not stored, each with its reason) shows in a message box and in resultsSent().
  void sendResults();
  /// Returns false when the reader cancelled.
  bool editSettings();

 Q_SIGNALS:
  /// Send Results finished: the objects stored, and "file: reason" for each one not stored.
  void resultsSent(const QStringList& stored, const QStringList& failed);

 private:
  void showSendReport(const QStringList& stored, const QStringList& failed);
  /// The settings, asking for them first when none are set; false when the reader cancelled.
  bool ensureSettings();

  MainWindow* m_window;
  QString m_exportFolder;
  bool m_sending = false;
};

}  // namespace anomadiff::gui
