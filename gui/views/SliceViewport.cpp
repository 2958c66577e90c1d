#include "views/SliceViewport.h"

#include <algorithm>

namespace anomadiff::gui {

bool SliceViewport::setZoom(double zoom) {
  zoom = std::clamp(zoom, kMinimumZoom, kMaximumZoom);
  if (zoom == m_zoom) {
    return false;
  }
  m_zoom = zoom;
  return true;
}

bool SliceViewport::setPan(QPointF pan) {
  if (pan == m_pan) {
    return false;
  }
  m_pan = pan;
  return true;
}

QRectF SliceViewport::sliceRect(QSizeF widget, QSizeF physical) const {
  if (physical.isEmpty() || widget.isEmpty()) {
    return {};
  }
  physical.scale(widget, Qt::KeepAspectRatio);
  const QSizeF zoomed = physical * m_zoom;
  const QPointF centre = QPointF(widget.width() / 2.0, widget.height() / 2.0) + m_pan;
  return {centre - QPointF(zoomed.width() / 2.0, zoomed.height() / 2.0), zoomed};
}

bool SliceViewport::zoomAbout(QPointF anchor, double factor, QSizeF widget) {
  const double oldZoom = m_zoom;
  if (!setZoom(m_zoom * factor)) {
    return false;
  }
  // The anchor's offset from the slice centre scales with the zoom; moving the centre by the
  // difference keeps the slice point under the anchor fixed.
  const QPointF widgetCentre(widget.width() / 2.0, widget.height() / 2.0);
  const QPointF fromCentre = anchor - widgetCentre - m_pan;
  setPan(anchor - widgetCentre - fromCentre * (m_zoom / oldZoom));
  return true;
}

}  // namespace anomadiff::gui
