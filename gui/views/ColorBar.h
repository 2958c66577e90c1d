#pragma once

#include "views/Colormap.h"

#include <QRect>
#include <QSize>
#include <QString>

class QPainter;

namespace anomadiff::gui {

/// The legend of a heat map: the colormap as a vertical bar at the right edge of a view, its
/// range as numbers at the ends and a tick at the threshold below which the map is hidden.
class ColorBar {
 public:
  ColorBar(Colormap colormap, double low, double high, double threshold, QString title);

  /// Where the bar itself (without labels) lies in a widget of `widget` size: a fixed width at
  /// the right edge, vertically centred, so tests and users find it at the same place.
  static QRect barRect(QSize widget);
  /// Vertical position of `value` on the bar (high at the top).
  static double valueY(QRect bar, double low, double high, double value);

  void paint(QPainter& painter, QSize widget) const;

 private:
  void paintLabels(QPainter& painter, QRect bar, int textWidth) const;

  Colormap m_colormap;
  double m_low;
  double m_high;
  double m_threshold;
  QString m_title;
};

}  // namespace anomadiff::gui
