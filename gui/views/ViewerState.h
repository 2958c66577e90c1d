#pragma once

#include "image/ImageGeometry.h"
#include "image/SliceAxes.h"
#include "views/SliceViewport.h"

#include <QFlags>
#include <QObject>
#include <QPointF>

#include <array>

namespace anomadiff::gui {

/// Where the reader is looking, held once for every SliceView that observes it, as ITK-SNAP keeps
/// one cursor for all its slice views: views write user navigation here and repaint from the
/// signals, so nothing is copied between widgets and no view can fall out of step.
///
/// The cursor is a voxel index of the grid the views show; each view's slice is the cursor's
/// index along that view's normal, so views of one orientation show the same slice and views of
/// other orientations cross at the cursor. Zoom/pan is kept per orientation (views of one plane
/// zoom together). Orientation and window/level are per view unless the state shares them:
/// images with different intensity scales (an input and its variance) need their own window.
///
/// Every setter ignores the value it already holds and emits only on a change, so a view reacting
/// to a signal by writing the same value back ends there: no feedback-loop guard is needed. The
/// state does not know its views; a destroyed view simply stops observing.
class ViewerState : public QObject {
  Q_OBJECT

 public:
  enum class Share {
    Orientation = 0x1,
    WindowLevel = 0x2,
  };
  Q_DECLARE_FLAGS(Shared, Share)

  /// Windows narrower than this would divide by (almost) zero when mapping to grey.
  static constexpr double kMinimumWindow = 1e-6;

  explicit ViewerState(QObject* parent = nullptr);
  explicit ViewerState(Shared shared, QObject* parent = nullptr);

  /// Fixed at construction: a view reads a shared value from here, an unshared one from itself.
  bool shares(Share share) const;

  /// Images on one grid (size and direction) index the same voxels, so they can share a cursor.
  static bool isSameGrid(const ImageGeometry& a, const ImageGeometry& b);
  /// The grid the cursor indexes. A grid new to the state re-centres the cursor and fits every
  /// orientation (zoom 1, no pan); the same grid keeps them, so a result arriving after its input
  /// lands where the reader is looking. Returns whether the grid was new.
  bool adoptGrid(const ImageGeometry& geometry);

  std::array<int, 3> cursor() const;
  /// Clamped into the grid once there is one.
  void setCursor(const std::array<int, 3>& voxel);

  const SliceViewport& viewport(SliceOrientation orientation) const;
  /// Zoom is clamped to SliceViewport's limits.
  void setViewTransform(SliceOrientation orientation, double zoom, QPointF pan);

  /// Meaningful when the orientation is shared.
  SliceOrientation orientation() const;
  void setOrientation(SliceOrientation orientation);

  /// Meaningful when window/level is shared. window is raised to kMinimumWindow.
  double window() const;
  double level() const;
  void setWindowLevel(double window, double level);

 Q_SIGNALS:
  void cursorChanged(std::array<int, 3> voxel);
  void viewTransformChanged(anomadiff::SliceOrientation orientation);
  void orientationChanged(anomadiff::SliceOrientation orientation);
  void windowLevelChanged(double window, double level);

 private:
  SliceViewport& viewportOf(SliceOrientation orientation);
  std::array<int, 3> clampedToGrid(std::array<int, 3> voxel) const;

  Shared m_shared;
  ImageGeometry m_grid;  // size 0: no grid yet, the cursor is not clamped
  std::array<int, 3> m_cursor{0, 0, 0};
  std::array<SliceViewport, 3> m_viewports;  // indexed by SliceOrientation
  SliceOrientation m_orientation = SliceOrientation::Axial;
  double m_window = 1.0;
  double m_level = 0.5;
};

}  // namespace anomadiff::gui

Q_DECLARE_OPERATORS_FOR_FLAGS(anomadiff::gui::ViewerState::Shared)
