#include "panels/JobProgressWidget.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QToolButton>

namespace anomadiff::gui {

JobProgressWidget::JobProgressWidget(QWidget* parent) : QWidget(parent) {
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  m_stage = new QLabel(this);
  m_bar = new QProgressBar(this);
  m_bar->setMaximumWidth(220);
  m_bar->setTextVisible(true);
  m_cancel = new QToolButton(this);
  m_cancel->setText(tr("Cancel"));
  m_cancel->setObjectName(QStringLiteral("cancelJobButton"));
  m_cancel->setToolTip(tr("Stop the running job (Esc); its partial results are discarded"));
  layout->addWidget(m_stage);
  layout->addWidget(m_bar);
  layout->addWidget(m_cancel);
  connect(m_cancel, &QToolButton::clicked, this, &JobProgressWidget::cancelRequested);
  hide();
}

void JobProgressWidget::start(const QString& title) {
  m_title = title;
  m_bar->setRange(0, 0);  // busy until the first report says how much there is
  m_stage->setText(title);
  m_eta.start();
  show();
}

void JobProgressWidget::update(int done, int total, const QString& stage) {
  m_bar->setRange(0, std::max(1, total));
  m_bar->setValue(std::clamp(done, 0, std::max(1, total)));
  QString text = QStringLiteral("%1: %2").arg(m_title, stage);
  if (const auto left = m_eta.update(done, total)) {
    text += tr(", %1 left").arg(EtaEstimator::format(*left));
  }
  m_stage->setText(text);
}

void JobProgressWidget::finish() {
  hide();
  m_bar->setRange(0, 1);
  m_bar->setValue(0);
}

QString JobProgressWidget::stageText() const {
  return m_stage->text();
}

int JobProgressWidget::value() const {
  return m_bar->value();
}

int JobProgressWidget::maximum() const {
  return m_bar->maximum();
}

}  // namespace anomadiff::gui
