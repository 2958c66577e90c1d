#pragma once

#include "views/SliceLayer.h"

#include <QColor>

namespace anomadiff::gui {

/// Draws the view's cursor voxel (SliceView::cursorVoxel) as two lines across the slice through
/// the voxel centre, as ITK-SNAP does, so linked views show where the same point lies in each.
/// Takes no events: the view's own left click moves the cursor.
class CrosshairLayer : public SliceLayer {
  Q_OBJECT

 public:
  explicit CrosshairLayer(QObject* parent = nullptr);

  void setColor(const QColor& color);
  QColor color() const;
  void setVisible(bool visible);
  bool isVisible() const;

  void paint(QPainter& painter, const SliceView& view) override;

 private:
  QColor m_color;
  bool m_visible = true;
};

}  // namespace anomadiff::gui
