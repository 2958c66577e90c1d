#pragma once

#include "panels/EtaEstimator.h"

#include <QWidget>

class QLabel;
class QProgressBar;
class QToolButton;

namespace anomadiff::gui {

/// The running job in the status bar: a progress bar, the stage ("encode", "denoise", ...) with
/// the estimated time left, and a Cancel button. Hidden while nothing runs.
class JobProgressWidget : public QWidget {
  Q_OBJECT

 public:
  explicit JobProgressWidget(QWidget* parent = nullptr);

  void start(const QString& title);
  void update(int done, int total, const QString& stage);
  void finish();

  QString stageText() const;
  int value() const;
  int maximum() const;
  QToolButton* cancelButton() const { return m_cancel; }

 Q_SIGNALS:
  void cancelRequested();

 private:
  QString m_title;
  QProgressBar* m_bar = nullptr;
  QLabel* m_stage = nullptr;
  QToolButton* m_cancel = nullptr;
  EtaEstimator m_eta;
};

}  // namespace anomadiff::gui
