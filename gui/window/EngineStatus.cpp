#include "window/EngineStatus.h"

#include "window/AnalysisWorkflow.h"
#include "window/LocalizationController.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace anomadiff::gui {

EngineStatus::EngineStatus(QWidget* parent)
    : QWidget(parent),
      m_label(new QLabel(tr("Engine: not started"), this)),
      m_retry(new QToolButton(this)),
      m_rerun(new QToolButton(this)) {
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_label);
  layout->addWidget(m_retry);
  layout->addWidget(m_rerun);
  m_retry->setText(tr("Retry"));
  m_retry->setToolTip(tr("Start the engine again"));
  m_rerun->setText(tr("Re-run"));
  m_rerun->setToolTip(tr("Run the interrupted localization again with the same parameters"));
  m_retry->hide();
  m_rerun->hide();
}

void EngineStatus::follow(AnalysisWorkflow* analysis, const QString& threads) {
  display(tr("Engine: starting…"));
  m_retry->hide();
  m_rerun->hide();
  connect(analysis, &AnalysisWorkflow::ready, this, [this, threads](const QString& model) {
    display(tr("Model %1 · CPU · %2 threads").arg(model.isEmpty() ? tr("(none)") : model, threads));
    m_retry->hide();
  });
  connect(analysis, &AnalysisWorkflow::engineRestarting, this,
          [this](const QString& reason) { display(tr("Engine: restarting…"), reason); });
  connect(analysis, &AnalysisWorkflow::engineUnavailable, this, [this](const QString& reason) {
    display(tr("Engine: unavailable"), reason);
    m_retry->show();
  });
  connect(analysis, &AnalysisWorkflow::jobInterrupted, this, [this] { m_rerun->show(); });
  connect(analysis->controller(), &LocalizationController::jobStarted, m_rerun, &QWidget::hide);
  connect(m_retry, &QToolButton::clicked, analysis, [this, analysis] {
    display(tr("Engine: starting…"));
    m_retry->hide();
    analysis->retryEngine();
  });
  connect(m_rerun, &QToolButton::clicked, analysis, &AnalysisWorkflow::rerunInterrupted);
}

QString EngineStatus::text() const {
  return m_label->text();
}

void EngineStatus::display(const QString& text, const QString& tip) {
  m_label->setText(text);
  m_label->setToolTip(tip);
}

}  // namespace anomadiff::gui
