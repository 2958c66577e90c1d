#pragma once

#include "pacs/PacsSettings.h"

#include <QDialog>

class QLineEdit;
class QSpinBox;
class QLabel;

namespace anomadiff::gui {

/// File › PACS Settings…: where the PACS is — a DICOMweb URL (with optional basic auth; https
/// for TLS) or, for PACS that speak only DIMSE, host, port and both AE titles — and a Test
/// button that runs an echo.
class PacsSettingsDialog : public QDialog {
  Q_OBJECT

 public:
  explicit PacsSettingsDialog(const PacsSettings& settings, QWidget* parent = nullptr);
  PacsSettings settings() const;

 private:
  void test();

  QLineEdit* m_url;
  QLineEdit* m_user;
  QLineEdit* m_password;
  QLineEdit* m_host;
  QSpinBox* m_port;
  QLineEdit* m_calledAe;
  QLineEdit* m_callingAe;
  QSpinBox* m_timeout;
  QLabel* m_status;
};

}  // namespace anomadiff::gui
