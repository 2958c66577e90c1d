#pragma once

#include <QPointF>
#include <QRectF>
#include <QSizeF>

namespace anomadiff::gui {

/// Zoom and pan of a slice in its widget. At zoom 1 and pan (0, 0) the slice fits the widget,
/// centred, with its physical aspect ratio; zoom scales it about the widget centre and pan moves
/// it by widget pixels. Kept apart from SliceView so the geometry is one small, exact formula that
/// voxelAt, widgetPosition and painting share.
class SliceViewport {
 public:
  static constexpr double kMinimumZoom = 0.25;
  static constexpr double kMaximumZoom = 64.0;

  double zoom() const { return m_zoom; }
  QPointF pan() const { return m_pan; }
  /// Clamped to [kMinimumZoom, kMaximumZoom]; returns whether it changed.
  bool setZoom(double zoom);
  bool setPan(QPointF pan);

  /// Where a slice of physical size `physical` is drawn in a widget of size `widget`.
  QRectF sliceRect(QSizeF widget, QSizeF physical) const;

  /// Zooms by `factor` keeping the slice point under `anchor` (widget coordinates) in place.
  /// Returns whether zoom or pan changed.
  bool zoomAbout(QPointF anchor, double factor, QSizeF widget);

 private:
  double m_zoom = 1.0;
  QPointF m_pan;
};

}  // namespace anomadiff::gui
