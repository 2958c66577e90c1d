#include "views/OrientationLettersLayer.h"

#include "image/ScreenLetters.h"
#include "views/SliceView.h"

#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>

namespace anomadiff::gui {
namespace {

constexpr double kMargin = 4.0;

/// Keeps a letter's box inside the widget when the slice is zoomed past the edges.
QRectF inside(QRectF box, const QRectF& widget) {
  box.moveLeft(
      std::clamp(box.left(), widget.left() + kMargin, widget.right() - kMargin - box.width()));
  box.moveTop(
      std::clamp(box.top(), widget.top() + kMargin, widget.bottom() - kMargin - box.height()));
  return box;
}

}  // namespace

void OrientationLettersLayer::paint(QPainter& painter, const SliceView& view) {
  const QRectF slice = view.sliceRect();
  if (!view.hasImage() || slice.isEmpty()) return;
  const ScreenLetters letters = screenLettersFor(view.image()->geometry(), view.sliceAxes());
  const QFontMetricsF metrics(painter.font());
  const QSizeF size(metrics.horizontalAdvance('M'), metrics.height());
  const QRectF widget(QPointF(0, 0), QSizeF(view.size()));
  const QPointF centre = slice.center();
  const auto box = [&](double x, double y) {
    return inside(QRectF(QPointF(x - size.width() / 2, y - size.height() / 2), size), widget);
  };
  painter.setPen(QColor(255, 210, 60));
  const auto draw = [&](const QRectF& where, char letter) {
    painter.drawText(where, Qt::AlignCenter, QString(QChar(letter)));
  };
  draw(box(slice.left() + size.width(), centre.y()), letters.left);
  draw(box(slice.right() - size.width(), centre.y()), letters.right);
  draw(box(centre.x(), slice.top() + size.height() / 2), letters.top);
  draw(box(centre.x(), slice.bottom() - size.height() / 2), letters.bottom);
}

}  // namespace anomadiff::gui
