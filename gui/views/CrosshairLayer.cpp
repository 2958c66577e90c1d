#include "views/CrosshairLayer.h"

#include "views/SliceView.h"

#include <QPainter>
#include <QPen>

namespace anomadiff::gui {

CrosshairLayer::CrosshairLayer(QObject* parent) : SliceLayer(parent), m_color(40, 200, 255) {}

void CrosshairLayer::setColor(const QColor& color) {
  if (color != m_color) {
    m_color = color;
    Q_EMIT changed();
  }
}

QColor CrosshairLayer::color() const {
  return m_color;
}

void CrosshairLayer::setVisible(bool visible) {
  if (visible != m_visible) {
    m_visible = visible;
    Q_EMIT changed();
  }
}

bool CrosshairLayer::isVisible() const {
  return m_visible;
}

void CrosshairLayer::paint(QPainter& painter, const SliceView& view) {
  const QRectF slice = view.sliceRect();
  if (!m_visible || slice.isEmpty()) {
    return;
  }
  const auto cursor = view.cursorVoxel();
  const QPointF centre =
      view.widgetPosition({static_cast<double>(cursor[0]), static_cast<double>(cursor[1]),
                           static_cast<double>(cursor[2])});
  QPen pen(m_color);
  pen.setCosmetic(true);
  painter.setPen(pen);
  painter.setRenderHint(QPainter::Antialiasing, false);
  // Clipped to the slice so the lines never cover the colour bar or the background.
  painter.setClipRect(slice);
  painter.drawLine(QPointF(slice.left(), centre.y()), QPointF(slice.right(), centre.y()));
  painter.drawLine(QPointF(centre.x(), slice.top()), QPointF(centre.x(), slice.bottom()));
}

}  // namespace anomadiff::gui
