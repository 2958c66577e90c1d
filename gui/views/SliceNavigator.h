#pragma once

#include <QPointF>

class QKeyEvent;
class QMouseEvent;
class QWheelEvent;

namespace anomadiff::gui {

class SliceView;

/// The SliceView's own mouse, wheel and key gestures, after the layers had their chance:
/// slice stepping, zoom, pan, window/level and the cursor. Kept apart from the view so that the
/// view is geometry and painting, and the gestures read as one small state machine over the
/// view's public API (nothing here reaches into the view's internals).
class SliceNavigator {
 public:
  explicit SliceNavigator(SliceView& view);

  /// Pan gestures (middle-drag, Space+left-drag) start before the layers see the press, so a box
  /// editor cannot swallow navigation.
  bool startsPan(const QMouseEvent& event) const;
  bool isDragging() const { return m_drag != Drag::None; }

  bool wheel(QWheelEvent& event);
  bool mousePress(QMouseEvent& event);
  bool mouseMove(QMouseEvent& event);
  bool mouseRelease(QMouseEvent& event);
  bool keyPress(QKeyEvent& event);
  bool keyRelease(QKeyEvent& event);
  /// Forgets a held Space (its release goes elsewhere when focus leaves).
  void focusLost();

 private:
  enum class Drag { None, Pan, WindowLevel, Cursor };

  void beginDrag(Drag drag, const QMouseEvent& event);
  void moveCursorTo(QPointF position);
  void stepSlice(int steps);

  SliceView& m_view;
  Drag m_drag = Drag::None;
  bool m_spaceHeld = false;
  // Wheel deltas below one notch (touchpads) accumulate until they make a step.
  int m_wheelRemainder = 0;
  QPointF m_dragStart;
  QPointF m_dragStartPan;
  double m_dragStartWindow = 1.0;
  double m_dragStartLevel = 0.5;
};

}  // namespace anomadiff::gui
