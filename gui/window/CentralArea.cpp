#include "window/CentralArea.h"

#include "views/ComparisonView.h"
#include "views/FourUpView.h"

#include <QLabel>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace anomadiff::gui {

CentralArea::CentralArea(QWidget* parent)
    : QWidget(parent), m_banner(new QLabel(this)), m_stack(new QStackedWidget(this)) {
  m_banner->setObjectName(QStringLiteral("intakeBanner"));
  m_banner->setWordWrap(true);
  m_banner->setTextFormat(Qt::PlainText);
  m_banner->setStyleSheet(QStringLiteral(
      "QLabel { background: #fff3cd; color: #664d03; border: 1px solid #e0c36a; padding: 4px; }"));
  m_banner->hide();
  m_comparison = new ComparisonView(m_stack);
  m_fourUp = new FourUpView(m_comparison, m_stack);
  m_stack->addWidget(m_comparison);
  m_stack->addWidget(m_fourUp);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(2);
  layout->addWidget(m_banner);
  layout->addWidget(m_stack, 1);
}

void CentralArea::setLayout(Layout layout) {
  if (layout == this->layout()) return;
  m_stack->setCurrentWidget(layout == Layout::FourUp ? static_cast<QWidget*>(m_fourUp)
                                                     : static_cast<QWidget*>(m_comparison));
  Q_EMIT layoutChanged(layout);
}

CentralArea::Layout CentralArea::layout() const {
  return m_stack->currentWidget() == m_fourUp ? Layout::FourUp : Layout::Comparison;
}

void CentralArea::setWarnings(const QStringList& warnings) {
  m_banner->setText(warnings.isEmpty() ? QString()
                                       : tr("Check before trusting the findings:\n• %1")
                                             .arg(warnings.join(QStringLiteral("\n• "))));
  m_banner->setVisible(!warnings.isEmpty());
}

QString CentralArea::bannerText() const {
  return m_banner->text();
}

bool CentralArea::bannerVisible() const {
  return !m_banner->isHidden();
}

}  // namespace anomadiff::gui
