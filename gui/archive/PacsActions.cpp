#include "archive/PacsActions.h"

#include "archive/PacsBrowser.h"
#include "archive/PacsSettingsDialog.h"
#include "archive/PacsSettingsStore.h"
#include "archive/ResultSender.h"
#include "window/MainWindow.h"

#include <QFutureWatcher>
#include <QMenu>
#include <QMessageBox>
#include <QProgressDialog>
#include <QStandardPaths>
#include <QtConcurrent/QtConcurrentRun>

#include <memory>

namespace anomadiff::gui {

PacsActions::PacsActions(MainWindow* window, QMenu* fileMenu) : QObject(window), m_window(window) {
  fileMenu->addAction(tr("Open from &PACS…"), this, &PacsActions::openFromPacs);
  fileMenu->addAction(tr("Send Results to P&ACS"), this, &PacsActions::sendResults);
  fileMenu->addAction(tr("PACS Se&ttings…"), this, &PacsActions::editSettings);
}

bool PacsActions::editSettings() {
  PacsSettingsDialog dialog(PacsSettingsStore::load(), m_window);
  if (dialog.exec() != QDialog::Accepted) return false;
  PacsSettingsStore::save(dialog.settings());
  return true;
}

bool PacsActions::ensureSettings() {
  return PacsSettingsStore::configured(PacsSettingsStore::load()) || editSettings();
}

void PacsActions::openFromPacs() {
  if (!ensureSettings()) return;
  const QString root =
      QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + "/pacs";
  PacsBrowser browser(PacsSettingsStore::load(), root, m_window);
  if (browser.exec() == QDialog::Accepted && !browser.retrievedFolder().isEmpty()) {
    m_window->openImage(browser.retrievedFolder());
  }
}

void PacsActions::sendResults() {
  if (m_exportFolder.isEmpty()) {
    m_window->reportError(
        tr("Export the results first (File › Export Results): the export's "
           "DICOM objects carry your review"));
    return;
  }
  if (m_sending || !ensureSettings()) return;
  const PacsSettings settings = PacsSettingsStore::load();
  // No parent: the job's queued updates target this dialog, so it must outlive the job even if
  // the window goes first (it is deleted when the job has finished).
  auto* progress = new QProgressDialog(
      tr("Sending results to %1…").arg(QString::fromStdString(settings.serverName())), QString(), 0,
      0);
  progress->setWindowTitle(tr("Send Results to PACS"));
  progress->setCancelButton(nullptr);  // objects go one by one; each is reported, none is undone
  progress->setMinimumDuration(0);
  progress->setWindowModality(Qt::ApplicationModal);
  progress->show();
  m_sending = true;
  auto report = std::make_shared<SendReport>();
  auto error = std::make_shared<QString>();
  auto* watcher = new QFutureWatcher<void>(this);
  connect(watcher, &QFutureWatcher<void>::finished, this, [=, this] {
    watcher->deleteLater();
    progress->deleteLater();
    m_sending = false;
    if (!error->isEmpty()) {
      m_window->reportError(*error);
      Q_EMIT resultsSent({}, {*error});
      return;
    }
    showSendReport(report->stored, report->failed);
  });
  const auto tell = [progress](int done, int total, const QString& next) {
    QMetaObject::invokeMethod(progress, [=] {
      progress->setMaximum(total);
      progress->setValue(done);
      progress->setLabelText(tr("Sending %1 (%2 of %3)…").arg(next).arg(done + 1).arg(total));
    });
  };
  watcher->setFuture(QtConcurrent::run([=, folder = m_exportFolder] {
    try {
      *report = ResultSender::send(settings, folder, tell);
    } catch (const std::exception& exception) {
      *error = QString::fromUtf8(exception.what());
    }
  }));
}

void PacsActions::showSendReport(const QStringList& stored, const QStringList& failed) {
  QString text = tr("Stored: %1").arg(stored.isEmpty() ? tr("nothing") : stored.join(", "));
  if (!failed.isEmpty()) text += "\n\n" + tr("Not stored:\n%1").arg(failed.join("\n"));
  auto* box = new QMessageBox(failed.isEmpty() ? QMessageBox::Information : QMessageBox::Warning,
                              tr("Send Results to PACS"), text, QMessageBox::Ok, m_window);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();  // not exec(): the report must not block the window (or a test)
  Q_EMIT resultsSent(stored, failed);
}

}  // namespace anomadiff::gui
