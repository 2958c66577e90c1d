#pragma once

#include "pacs/PacsRecords.h"
#include "pacs/PacsSettings.h"

#include <QDialog>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QTimer;

namespace anomadiff::gui {

/// File › Open from PACS…: search studies (patient name, ID, study date), list a study's
/// series (with thumbnails), retrieve one into a local folder and hand it to the viewer. Every
/// PACS call runs on a worker thread; the dialog stays responsive, shows a busy bar while it
/// searches and the images received while it retrieves, and errors appear in its status line
/// (one line naming the server and what failed).
class PacsBrowser : public QDialog {
  Q_OBJECT

 public:
  /// Series are retrieved into `downloadRoot`/<series UID>; one retrieved before is reused.
  PacsBrowser(PacsSettings settings, QString downloadRoot, QWidget* parent = nullptr);

  /// The folder of the series retrieved last ("" before).
  QString retrievedFolder() const { return m_retrieved; }
  QLineEdit* patientNameField() const { return m_patientName; }
  QTableWidget* studiesTable() const { return m_studies; }
  QTableWidget* seriesTable() const { return m_series; }
  QString status() const;

  void search();
  void retrieveSelected();

 Q_SIGNALS:
  void studiesListed(int count);
  void seriesListed(int count);
  /// Thumbnails arrived for `count` series (DICOMweb renders them; over DIMSE the middle
  /// instance is fetched and rendered here).
  void thumbnailsShown(int count);
  /// A retrieve has `received` of `expected` images (the PACS's count, else the listing's).
  void retrieveProgress(int received, int expected);
  /// The series is on disk in `folder`; the dialog then closes with Accepted.
  void retrieved(const QString& folder);
  void failed(const QString& message);

 private:
  void listSeries();
  /// Fetches the listed series' thumbnails on a worker thread; a failure only leaves them out.
  void loadThumbnails(const std::string& study);
  /// Runs `job` on a worker thread, then `done` here; an exception becomes failed().
  void runInBackground(const QString& what, std::function<void()> job, std::function<void()> done);
  void setBusy(bool busy, const QString& message);
  /// Shows the running retrieve's count (polled: the worker thread only writes two atomics).
  void showRetrieveProgress();

  struct RetrieveCount {
    std::atomic<int> received{0};
    std::atomic<int> expected{0};
  };

  PacsSettings m_settings;
  QString m_downloadRoot;
  QLineEdit* m_patientName;
  QLineEdit* m_patientId;
  QLineEdit* m_studyDate;
  QPushButton* m_searchButton;
  QPushButton* m_openButton;
  QTableWidget* m_studies;
  QTableWidget* m_series;
  QProgressBar* m_busy;
  QLabel* m_status;
  QTimer* m_progressPoll;
  std::shared_ptr<RetrieveCount> m_retrieveCount;
  int m_shownReceived = -1;
  std::vector<PacsStudy> m_foundStudies;
  std::vector<PacsSeries> m_foundSeries;
  QString m_retrieved;
};

}  // namespace anomadiff::gui
