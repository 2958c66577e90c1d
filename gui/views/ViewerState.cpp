#include "views/ViewerState.h"

#include <algorithm>

namespace anomadiff::gui {

namespace {

constexpr SliceOrientation kOrientations[] = {SliceOrientation::Axial, SliceOrientation::Coronal,
                                              SliceOrientation::Sagittal};

}  // namespace

ViewerState::ViewerState(QObject* parent) : ViewerState(Shared(), parent) {}

ViewerState::ViewerState(Shared shared, QObject* parent) : QObject(parent), m_shared(shared) {}

bool ViewerState::shares(Share share) const {
  return m_shared.testFlag(share);
}

bool ViewerState::isSameGrid(const ImageGeometry& a, const ImageGeometry& b) {
  return a.size == b.size && a.direction == b.direction;
}

bool ViewerState::adoptGrid(const ImageGeometry& geometry) {
  if (isSameGrid(geometry, m_grid)) {
    return false;
  }
  m_grid = geometry;
  const auto& size = geometry.size;
  setCursor({static_cast<int>(size[0] / 2), static_cast<int>(size[1] / 2),
             static_cast<int>(size[2] / 2)});
  for (const SliceOrientation orientation : kOrientations) {
    setViewTransform(orientation, 1.0, QPointF());
  }
  return true;
}

std::array<int, 3> ViewerState::cursor() const {
  return m_cursor;
}

std::array<int, 3> ViewerState::clampedToGrid(std::array<int, 3> voxel) const {
  if (m_grid.voxelCount() == 0) {
    return voxel;
  }
  for (std::size_t axis = 0; axis < 3; ++axis) {
    voxel[axis] = std::clamp(voxel[axis], 0, static_cast<int>(m_grid.size[axis]) - 1);
  }
  return voxel;
}

void ViewerState::setCursor(const std::array<int, 3>& voxel) {
  const std::array<int, 3> clamped = clampedToGrid(voxel);
  if (clamped == m_cursor) {
    return;
  }
  m_cursor = clamped;
  Q_EMIT cursorChanged(m_cursor);
}

const SliceViewport& ViewerState::viewport(SliceOrientation orientation) const {
  return m_viewports[static_cast<std::size_t>(orientation)];
}

SliceViewport& ViewerState::viewportOf(SliceOrientation orientation) {
  return m_viewports[static_cast<std::size_t>(orientation)];
}

void ViewerState::setViewTransform(SliceOrientation orientation, double zoom, QPointF pan) {
  SliceViewport& viewport = viewportOf(orientation);
  const bool zoomChanged = viewport.setZoom(zoom);
  if (viewport.setPan(pan) || zoomChanged) {
    Q_EMIT viewTransformChanged(orientation);
  }
}

SliceOrientation ViewerState::orientation() const {
  return m_orientation;
}

void ViewerState::setOrientation(SliceOrientation orientation) {
  if (orientation == m_orientation) {
    return;
  }
  m_orientation = orientation;
  Q_EMIT orientationChanged(orientation);
}

double ViewerState::window() const {
  return m_window;
}

double ViewerState::level() const {
  return m_level;
}

void ViewerState::setWindowLevel(double window, double level) {
  window = std::max(window, kMinimumWindow);
  if (window == m_window && level == m_level) {
    return;
  }
  m_window = window;
  m_level = level;
  Q_EMIT windowLevelChanged(m_window, m_level);
}

}  // namespace anomadiff::gui
