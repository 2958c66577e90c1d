#pragma once

#include "sweep/SweepRequest.h"

#include <QString>
#include <QWidget>

#include <optional>
#include <utility>

class QLabel;
class QLineEdit;
class QPushButton;

namespace anomadiff::gui {

class SweepGrid;
class SweepRunner;

/// The sweep tab: lists of noise levels L and guidance scales s, Start/Cancel, a status line and
/// the grid of thumbnails the runner fills. Clicking a cell asks to adopt its parameters. The
/// panel knows nothing of the main window: whoever embeds it supplies the input, method and base
/// parameters through setJobTemplate(), and applies adoptRequested().
class SweepPanel : public QWidget {
  Q_OBJECT

 public:
  /// `runner` (not owned) runs the sweeps; the panel follows its signals.
  explicit SweepPanel(SweepRunner* runner, QWidget* parent = nullptr);
  SweepRunner* runner() const { return m_runner; }

  /// Everything of a sweep but its axes, which come from the panel's lists. An empty
  /// scaleParameter disables the scale list: the sweep then has a single column.
  void setJobTemplate(const SweepRequest& job);
  const SweepRequest& jobTemplate() const { return m_template; }
  void setLevelsText(const QString& text);
  void setScalesText(const QString& text);

  /// Outlines the cell of the parameters in use (also across later sweeps).
  void setCurrentParameters(int level, double scale);

  /// What Start does: parses the lists and starts the sweep. Returns false, with the reason in
  /// the status line, when the lists or the template cannot make a sweep.
  bool startSweep();

  SweepGrid* grid() const { return m_grid; }
  QString statusText() const;

 Q_SIGNALS:
  /// A cell was clicked: the user wants its level and scale (the scale means nothing for a
  /// method without scale parameter).
  void adoptRequested(int level, double scale);
  /// Start was pressed; emitted before anything is read, so a direct connection may still call
  /// setJobTemplate() with the window's current input, method and parameters.
  void startRequested();

 private:
  void buildLayout();
  void connectRunner();
  std::optional<std::pair<std::vector<int>, std::vector<double>>> parseAxes();
  void onCellStarted(int row, int column);
  void onCellFailed(int row, int column, const QString& message);
  void onFinished();
  void onCancelled();
  void setStatus(const QString& text);
  void updateButtons();

  SweepRunner* m_runner;
  SweepRequest m_template;
  SweepGrid* m_grid = nullptr;
  QLineEdit* m_levels = nullptr;
  QLineEdit* m_scales = nullptr;
  QPushButton* m_start = nullptr;
  QPushButton* m_cancel = nullptr;
  QLabel* m_status = nullptr;
  std::optional<std::pair<int, double>> m_current;
  std::optional<std::pair<int, int>> m_runningCell;
  int m_failedCells = 0;
};

}  // namespace anomadiff::gui
