#pragma once

#include <QObject>

class QKeyEvent;
class QMouseEvent;
class QPainter;

namespace anomadiff::gui {

class SliceView;

/// Something drawn over a SliceView's slice (heat map, outlines, boxes, cursor) that may also
/// take the view's mouse and key events. Layers paint in the order they were added, after the
/// grey slice; events go to the topmost layer first and stop at the first that returns true, so
/// a box editor can claim a left-drag while wheel, right-drag window/level and panning keep
/// working. Positions go through SliceView::voxelAt / widgetPosition, never raw pixels, so every
/// layer follows the view's orientation, flips, zoom and pan.
class SliceLayer : public QObject {
  Q_OBJECT

 public:
  using QObject::QObject;

  virtual void paint(QPainter& painter, const SliceView& view) = 0;

  virtual bool mousePress(SliceView& /*view*/, QMouseEvent* /*event*/) { return false; }
  virtual bool mouseMove(SliceView& /*view*/, QMouseEvent* /*event*/) { return false; }
  virtual bool mouseRelease(SliceView& /*view*/, QMouseEvent* /*event*/) { return false; }
  virtual bool keyPress(SliceView& /*view*/, QKeyEvent* /*event*/) { return false; }

 Q_SIGNALS:
  /// The layer's appearance changed; views showing it repaint.
  void changed();
};

}  // namespace anomadiff::gui
