#pragma once

#include "pacs/PacsSettings.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QSpinBox;
class QLabel;

namespace anomadiff::gui {

/// File › PACS Settings…: where the PACS is — a DICOMweb URL (with optional basic auth; https
/// for TLS) or, for PACS that speak only DIMSE, host, port, both AE titles and TLS — the
/// certificates to trust and our own, if the PACS asks for one — and a Test button that runs an
/// echo.
class PacsSettingsDialog : public QDialog {
  Q_OBJECT

 public:
  explicit PacsSettingsDialog(const PacsSettings& settings, QWidget* parent = nullptr);
  PacsSettings settings() const;

 private:
  void test();
  /// A path field with a button that opens a file dialog for PEM files.
  QWidget* withBrowseButton(QLineEdit* path, const QString& title);

  QLineEdit* m_url;
  QLineEdit* m_user;
  QLineEdit* m_password;
  QLineEdit* m_host;
  QSpinBox* m_port;
  QLineEdit* m_calledAe;
  QLineEdit* m_callingAe;
  QSpinBox* m_timeout;
  QComboBox* m_retrieve;
  QSpinBox* m_movePort;
  QCheckBox* m_dimseTls;
  QLineEdit* m_trustedCertificates;
  QLineEdit* m_clientCertificate;
  QLineEdit* m_clientKey;
  QLabel* m_status;
};

}  // namespace anomadiff::gui
