#include "views/ColorBar.h"

#include <QFontMetrics>
#include <QImage>
#include <QPainter>

#include <algorithm>
#include <utility>

namespace anomadiff::gui {

namespace {

constexpr int kBarWidth = 14;
constexpr int kRightMargin = 10;
constexpr int kMaximumBarHeight = 256;
constexpr int kLabelGap = 4;
constexpr int kTickLength = 5;
// A translucent backdrop keeps the numbers readable over bright anatomy.
const QColor kBackdrop(0, 0, 0, 150);
const QColor kText(235, 235, 235);

QString formatValue(double value) {
  return QString::number(value, 'g', 3);
}

}  // namespace

ColorBar::ColorBar(Colormap colormap, double low, double high, double threshold, QString title)
    : m_colormap(colormap),
      m_low(low),
      m_high(high),
      m_threshold(threshold),
      m_title(std::move(title)) {}

QRect ColorBar::barRect(QSize widget) {
  const int height = std::min(kMaximumBarHeight, widget.height() * 3 / 5);
  return {widget.width() - kRightMargin - kBarWidth, (widget.height() - height) / 2, kBarWidth,
          height};
}

double ColorBar::valueY(QRect bar, double low, double high, double value) {
  const double fraction = high > low ? std::clamp((value - low) / (high - low), 0.0, 1.0) : 0.0;
  return bar.top() + (1.0 - fraction) * bar.height();
}

void ColorBar::paint(QPainter& painter, QSize widget) const {
  const QRect bar = barRect(widget);
  if (bar.height() < 2 * kBarWidth) {
    return;  // a tiny view has no room for a readable legend
  }
  painter.setOpacity(1.0);
  const QFontMetrics metrics = painter.fontMetrics();
  const int textWidth =
      std::max({metrics.horizontalAdvance(formatValue(m_high)),
                metrics.horizontalAdvance(formatValue(m_low)),
                metrics.horizontalAdvance(formatValue(m_threshold)),
                metrics.horizontalAdvance(m_title) - kBarWidth - kTickLength - kLabelGap});
  const int left = bar.left() - kTickLength - 2 * kLabelGap - textWidth;
  painter.fillRect(QRect(left, bar.top() - 2 * metrics.height(), widget.width() - left,
                         bar.height() + 3 * metrics.height()),
                   kBackdrop);
  QImage gradient(1, static_cast<int>(Colormap::kEntries), QImage::Format_RGB32);
  for (int row = 0; row < gradient.height(); ++row) {
    gradient.setPixel(0, row,
                      m_colormap.entry(Colormap::kEntries - 1 - static_cast<std::size_t>(row)));
  }
  painter.setRenderHint(QPainter::SmoothPixmapTransform, true);
  painter.drawImage(bar, gradient);
  paintLabels(painter, bar, textWidth);
}

void ColorBar::paintLabels(QPainter& painter, QRect bar, int textWidth) const {
  const QFontMetrics metrics = painter.fontMetrics();
  const int textRight = bar.left() - kTickLength - kLabelGap;
  painter.setPen(kText);
  const auto label = [&](const QString& text, double y) {
    const QRect box(textRight - textWidth, static_cast<int>(y) - metrics.height() / 2, textWidth,
                    metrics.height());
    painter.drawText(box, Qt::AlignRight | Qt::AlignVCenter, text);
  };
  label(formatValue(m_high), bar.top());
  label(formatValue(m_low), bar.bottom());
  painter.drawText(QRect(textRight - textWidth, bar.top() - 2 * metrics.height(),
                         bar.right() - textRight + textWidth, metrics.height()),
                   Qt::AlignRight | Qt::AlignVCenter, m_title);
  if (m_threshold > m_low && m_threshold <= m_high) {
    const double y = valueY(bar, m_low, m_high, m_threshold);
    painter.drawLine(QPointF(bar.left() - kTickLength, y), QPointF(bar.left() - 1, y));
    label(formatValue(m_threshold), y);
  }
}

}  // namespace anomadiff::gui
