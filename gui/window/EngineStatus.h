#pragma once

#include <QString>
#include <QWidget>

class QLabel;
class QToolButton;

namespace anomadiff::gui {

class AnalysisWorkflow;

/// The engine's state in the status bar: starting, ready (model and threads), restarting after
/// a crash, or unavailable with the reason and a Retry button; and, after a job was lost with
/// its worker, a Re-run button that runs it again with the same parameters.
class EngineStatus : public QWidget {
  Q_OBJECT

 public:
  explicit EngineStatus(QWidget* parent = nullptr);

  /// Follows `analysis` (its worker's states and interrupted jobs); `threads` as shown when ready.
  void follow(AnalysisWorkflow* analysis, const QString& threads);
  QString text() const;
  QToolButton* retryButton() const { return m_retry; }
  QToolButton* rerunButton() const { return m_rerun; }

 private:
  void display(const QString& text, const QString& tip = {});

  QLabel* m_label;
  QToolButton* m_retry;
  QToolButton* m_rerun;
};

}  // namespace anomadiff::gui
