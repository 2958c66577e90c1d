#include "views/SliceNavigator.h"

#include "views/SliceView.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace anomadiff::gui {

namespace {

// One wheel notch, in QWheelEvent::angleDelta units (1/8 degree).
constexpr int kWheelNotch = 120;
// Zoom factor per wheel notch; fractional notches (touchpads) zoom proportionally.
constexpr double kZoomPerNotch = 1.2;
// A right-drag across this many pixels changes window or level by the image's intensity span.
constexpr double kDragPixelsPerSpan = 400.0;
constexpr int kPageStep = 5;

}  // namespace

SliceNavigator::SliceNavigator(SliceView& view) : m_view(view) {}

bool SliceNavigator::startsPan(const QMouseEvent& event) const {
  return m_view.hasImage() &&
         (event.button() == Qt::MiddleButton || (event.button() == Qt::LeftButton && m_spaceHeld));
}

bool SliceNavigator::wheel(QWheelEvent& event) {
  if (!m_view.hasImage()) {
    return false;
  }
  const int delta = event.angleDelta().y();
  if (event.modifiers().testFlag(Qt::ControlModifier)) {
    m_view.zoomAbout(event.position(),
                     std::pow(kZoomPerNotch, static_cast<double>(delta) / kWheelNotch));
    return true;
  }
  m_wheelRemainder += delta;
  const int steps = m_wheelRemainder / kWheelNotch;
  m_wheelRemainder -= steps * kWheelNotch;
  stepSlice(steps);
  return true;
}

void SliceNavigator::beginDrag(Drag drag, const QMouseEvent& event) {
  m_drag = drag;
  m_dragStart = event.position();
  m_dragStartPan = m_view.pan();
  m_dragStartWindow = m_view.window();
  m_dragStartLevel = m_view.level();
  if (drag == Drag::Pan) {
    m_view.setCursor(Qt::ClosedHandCursor);
  } else if (drag == Drag::WindowLevel) {
    m_view.setCursor(Qt::SizeAllCursor);
  }
}

bool SliceNavigator::mousePress(QMouseEvent& event) {
  if (!m_view.hasImage() || isDragging()) {
    return false;
  }
  if (startsPan(event)) {
    beginDrag(Drag::Pan, event);
  } else if (event.button() == Qt::RightButton) {
    beginDrag(Drag::WindowLevel, event);
  } else if (event.button() == Qt::LeftButton) {
    beginDrag(Drag::Cursor, event);
    moveCursorTo(event.position());
  } else {
    return false;
  }
  return true;
}

bool SliceNavigator::mouseMove(QMouseEvent& event) {
  const QPointF delta = event.position() - m_dragStart;
  switch (m_drag) {
    case Drag::None:
      return false;
    case Drag::Pan:
      m_view.setPan(m_dragStartPan + delta);
      break;
    case Drag::WindowLevel: {
      const double perPixel = m_view.intensitySpan() / kDragPixelsPerSpan;
      // Right widens the window (less contrast); down raises the level (darker), as in most
      // radiology viewers.
      m_view.setWindowLevel(m_dragStartWindow + delta.x() * perPixel,
                            m_dragStartLevel + delta.y() * perPixel);
      break;
    }
    case Drag::Cursor:
      moveCursorTo(event.position());
      break;
  }
  return true;
}

bool SliceNavigator::mouseRelease(QMouseEvent& event) {
  if (!isDragging() || event.buttons() != Qt::NoButton) {
    return isDragging();
  }
  m_drag = Drag::None;
  m_view.unsetCursor();
  return true;
}

void SliceNavigator::moveCursorTo(QPointF position) {
  // Outside the slice the cursor stays where it was rather than jumping to the edge.
  if (const auto voxel = m_view.voxelAt(position)) {
    m_view.setCursorVoxel(*voxel);
  }
}

void SliceNavigator::stepSlice(int steps) {
  if (steps != 0) {
    m_view.setSliceIndex(m_view.sliceIndex() + steps);
  }
}

bool SliceNavigator::keyPress(QKeyEvent& event) {
  if (!m_view.hasImage()) {
    return false;
  }
  switch (event.key()) {
    case Qt::Key_Up:
      stepSlice(1);
      return true;
    case Qt::Key_Down:
      stepSlice(-1);
      return true;
    case Qt::Key_PageUp:
      stepSlice(kPageStep);
      return true;
    case Qt::Key_PageDown:
      stepSlice(-kPageStep);
      return true;
    case Qt::Key_Space:
      m_spaceHeld = true;
      if (!event.isAutoRepeat()) {
        m_view.setCursor(Qt::OpenHandCursor);
      }
      return true;
    default:
      return false;
  }
}

bool SliceNavigator::keyRelease(QKeyEvent& event) {
  // Auto-repeat sends release/press pairs while the key is held; only the last release counts.
  if (event.key() != Qt::Key_Space || event.isAutoRepeat()) {
    return false;
  }
  focusLost();
  return true;
}

void SliceNavigator::focusLost() {
  m_spaceHeld = false;
  if (m_drag == Drag::None) {
    m_view.unsetCursor();
  }
}

}  // namespace anomadiff::gui
