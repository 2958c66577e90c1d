#pragma once

#include "worker/MethodCatalog.h"

#include <QJsonObject>
#include <QWidget>

#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QTimer;
class QVBoxLayout;

namespace anomadiff::gui {

class ParameterControl;

/// The method and its parameters, built from the worker's method catalog (Slicer-style: the
/// panel knows no method). Releasing a slider or entering a number restarts a debounce timer;
/// when it fires, runRequested() asks for a new job — the worker cancels the running one, so
/// the latest value wins and a burst of edits starts one job, not many.
class ParameterPanel : public QWidget {
  Q_OBJECT

 public:
  explicit ParameterPanel(QWidget* parent = nullptr);

  /// Fills the method list and selects the catalog's default method with its bundle defaults.
  void setCatalog(const MethodCatalog& catalog);
  const MethodCatalog& catalog() const { return m_catalog; }

  QString method() const;
  /// Selects a method (its controls start at their defaults). False for an unknown name.
  bool setMethod(const QString& name);
  /// Every parameter of the current method, name → value (integers as whole numbers).
  QJsonObject parameters() const;
  /// What a job request carries: parameters() without those left at the default that the
  /// bundle sets differently for whole volumes (e.g. ensemble N), so the worker chooses the
  /// slice or the volume value by what the intake makes of the image.
  QJsonObject requestParameters() const;
  /// Sets one parameter's control without starting a job. False when the method lacks it.
  bool setParameter(const QString& name, double value);
  ParameterControl* control(const QString& name) const;
  /// "auto" (calibrated 5 % FPR), "fpr1", "otsu" — the worker's threshold choices.
  QString threshold() const;

  /// Whether committed changes start a job by themselves (default true).
  bool autoRun() const;
  void setAutoRun(bool enabled);
  /// Whether a committed change waits for the debounce timer to start a run.
  bool isRunScheduled() const;
  void setDebounceInterval(int milliseconds);

 Q_SIGNALS:
  void runRequested();
  void methodChanged(const QString& method);

 private:
  void rebuildControls();
  void scheduleRun();

  MethodCatalog m_catalog;
  QComboBox* m_methodBox = nullptr;
  QLabel* m_summary = nullptr;
  QVBoxLayout* m_controlsLayout = nullptr;
  std::vector<ParameterControl*> m_controls;
  QComboBox* m_thresholdBox = nullptr;
  QCheckBox* m_autoRun = nullptr;
  QPushButton* m_runButton = nullptr;
  QTimer* m_debounce = nullptr;
};

}  // namespace anomadiff::gui
