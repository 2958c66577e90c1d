#include "archive/PacsActions.h"

#include "archive/PacsBrowser.h"
#include "archive/PacsSettingsDialog.h"
#include "archive/PacsSettingsStore.h"
#include "archive/ResultSender.h"
#include "window/MainWindow.h"

#include <QApplication>
#include <QMenu>
#include <QMessageBox>
#include <QStandardPaths>

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
  if (!ensureSettings()) return;
  QApplication::setOverrideCursor(Qt::WaitCursor);
  try {
    const SendReport report = ResultSender::send(PacsSettingsStore::load(), m_exportFolder);
    QApplication::restoreOverrideCursor();
    QString text =
        tr("Stored: %1").arg(report.stored.isEmpty() ? tr("nothing") : report.stored.join(", "));
    if (!report.failed.isEmpty())
      text += "\n\n" + tr("Not stored:\n%1").arg(report.failed.join("\n"));
    QMessageBox::information(m_window, tr("Send Results to PACS"), text);
  } catch (const std::exception& error) {
    QApplication::restoreOverrideCursor();
    m_window->reportError(QString::fromUtf8(error.what()));
  }
}

}  // namespace anomadiff::gui
