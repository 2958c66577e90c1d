#include "archive/PacsSettingsDialog.h"

#include "pacs/PacsConnection.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace anomadiff::gui {
namespace {

QLineEdit* field(const std::string& value, const QString& placeholder) {
  auto* edit = new QLineEdit(QString::fromStdString(value));
  edit->setPlaceholderText(placeholder);
  return edit;
}

QSpinBox* number(int value, int minimum, int maximum) {
  auto* box = new QSpinBox;
  box->setRange(minimum, maximum);
  box->setValue(value);
  return box;
}

std::string textOf(const QLineEdit* edit) {
  return edit->text().trimmed().toStdString();
}

}  // namespace

PacsSettingsDialog::PacsSettingsDialog(const PacsSettings& settings, QWidget* parent)
    : QDialog(parent),
      m_url(field(settings.dicomWebUrl, tr("http://pacs:8042/dicom-web (empty: DIMSE)"))),
      m_user(field(settings.user, tr("optional"))),
      m_password(field(settings.password, tr("kept for this session only"))),
      m_host(field(settings.host, tr("pacs.hospital.org"))),
      m_port(number(settings.port, 1, 65535)),
      m_calledAe(field(settings.calledAeTitle, tr("the PACS's AE title"))),
      m_callingAe(field(settings.callingAeTitle, tr("ours"))),
      m_timeout(number(settings.timeoutSeconds, 1, 600)),
      m_retrieve(new QComboBox),
      m_movePort(number(settings.movePort, 1, 65535)),
      m_dimseTls(new QCheckBox(tr("DIMSE over TLS"))),
      m_trustedCertificates(
          field(settings.trustedCertificates, tr("PEM file (empty: the system's)"))),
      m_clientCertificate(
          field(settings.clientCertificate, tr("PEM file, if the PACS asks for one"))),
      m_clientKey(field(settings.clientKey, tr("its unencrypted PEM key"))),
      m_status(new QLabel) {
  setWindowTitle(tr("PACS Settings"));
  m_password->setEchoMode(QLineEdit::Password);
  auto* form = new QFormLayout(this);
  form->addRow(tr("DICOMweb URL"), m_url);
  form->addRow(tr("User"), m_user);
  form->addRow(tr("Password"), m_password);
  form->addRow(tr("DIMSE host"), m_host);
  form->addRow(tr("DIMSE port"), m_port);
  form->addRow(tr("PACS AE title"), m_calledAe);
  form->addRow(tr("Our AE title"), m_callingAe);
  m_retrieve->addItem(tr("C-GET (on our connection)"));
  m_retrieve->addItem(tr("C-MOVE (to our port below)"));
  m_retrieve->setCurrentIndex(settings.dimseRetrieve == PacsSettings::DimseRetrieve::Move);
  m_retrieve->setToolTip(
      tr("C-MOVE is for archives without C-GET: the PACS must know our AE title's host and "
         "the port below"));
  form->addRow(tr("DIMSE retrieve"), m_retrieve);
  form->addRow(tr("Our C-MOVE port"), m_movePort);
  m_dimseTls->setChecked(settings.dimseTls);
  form->addRow(tr("DIMSE security"), m_dimseTls);
  form->addRow(tr("Trusted CAs"), withBrowseButton(m_trustedCertificates, tr("Trusted CAs")));
  form->addRow(tr("Client certificate"),
               withBrowseButton(m_clientCertificate, tr("Client certificate")));
  form->addRow(tr("Client key"), withBrowseButton(m_clientKey, tr("Client key")));
  form->addRow(tr("Timeout (s)"), m_timeout);
  m_status->setWordWrap(true);
  form->addRow(m_status);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
  QPushButton* test = buttons->addButton(tr("&Test"), QDialogButtonBox::ActionRole);
  connect(test, &QPushButton::clicked, this, &PacsSettingsDialog::test);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  form->addRow(buttons);
}

PacsSettings PacsSettingsDialog::settings() const {
  PacsSettings settings;
  settings.dicomWebUrl = textOf(m_url);
  settings.user = textOf(m_user);
  settings.password = m_password->text().toStdString();
  settings.host = textOf(m_host);
  settings.port = m_port->value();
  settings.calledAeTitle = textOf(m_calledAe);
  settings.callingAeTitle = textOf(m_callingAe);
  settings.timeoutSeconds = m_timeout->value();
  settings.dimseTls = m_dimseTls->isChecked();
  settings.dimseRetrieve = m_retrieve->currentIndex() == 1 ? PacsSettings::DimseRetrieve::Move
                                                           : PacsSettings::DimseRetrieve::Get;
  settings.movePort = m_movePort->value();
  settings.trustedCertificates = textOf(m_trustedCertificates);
  settings.clientCertificate = textOf(m_clientCertificate);
  settings.clientKey = textOf(m_clientKey);
  return settings;
}

QWidget* PacsSettingsDialog::withBrowseButton(QLineEdit* path, const QString& title) {
  auto* row = new QWidget;
  auto* layout = new QHBoxLayout(row);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(path, 1);
  auto* browse = new QPushButton(tr("…"));
  browse->setToolTip(tr("Choose the file"));
  connect(browse, &QPushButton::clicked, this, [this, path, title] {
    const QString chosen = QFileDialog::getOpenFileName(
        this, title, path->text(), tr("PEM files (*.pem *.crt *.cer *.key);;All files (*)"));
    if (!chosen.isEmpty()) path->setText(chosen);
  });
  layout->addWidget(browse);
  return row;
}

void PacsSettingsDialog::test() {
  QApplication::setOverrideCursor(Qt::WaitCursor);
  try {
    const PacsSettings current = settings();
    PacsConnection::open(current)->echo();
    m_status->setText(tr("%1 answers.").arg(QString::fromStdString(current.serverName())));
  } catch (const std::exception& error) {
    m_status->setText(QString::fromUtf8(error.what()));
  }
  QApplication::restoreOverrideCursor();
}

}  // namespace anomadiff::gui
