#pragma once

#include "image/Image.h"
#include "image/SliceAxes.h"
#include "views/SliceGrid.h"
#include "views/SliceLayerStack.h"
#include "views/SliceNavigator.h"

#include <QImage>
#include <QPointF>
#include <QPointer>
#include <QRectF>
#include <QSize>
#include <QWidget>

#include <array>
#include <memory>
#include <optional>
#include <vector>

namespace anomadiff::gui {

class SliceLayer;
class ViewerState;
class WindowLevelPreset;

/// A 2D slice of an image drawn with QPainter (no OpenGL, so it works and tests anywhere).
/// Pixels keep their physical aspect ratio (spacing); at zoom 1 the slice fits, centred.
/// Navigation (see SliceNavigator): wheel and Up/Down/PageUp/PageDown change slice, Ctrl+wheel
/// zooms about the mouse, middle-drag or Space+left-drag pans, right-drag sets window (horizontal)
/// and level (vertical), left click/drag moves the cursor. Layers see events first, except the
/// pan gestures, which always navigate.
/// Positions go through voxelAt/widgetPosition, so overlays and boxes drawn later in voxel
/// index units land on the right pixels whatever the orientation and flips.
/// Navigation (cursor, slice, zoom/pan, a shared orientation or window) lives in a ViewerState:
/// the setters below write into it and the signals report what this view shows after it changed.
/// A view observes its own private state until it is given one shared with other views.
class SliceView : public QWidget {
  Q_OBJECT

 public:
  explicit SliceView(QWidget* parent = nullptr);
  ~SliceView() override;

  /// Observes `state` (not owned) from now on; nullptr goes back to the view's own state. The
  /// view writes nothing on joining: it shows what the state holds. A destroyed state leaves the
  /// view on its own state.
  void setViewerState(ViewerState* state);
  /// The state this view observes (its own unless it was given one).
  ViewerState* viewerState() const;

  /// Shows `image` (shared, not copied) with the automatic window/level, unless the state shares
  /// the window: then whoever owns the state sets it (a reconstruction keeps its input's window).
  /// An image on the state's grid (a reconstruction after its input) keeps slice, cursor, zoom
  /// and pan; a new grid starts at the middle slice, centred cursor and fitted view.
  void setImage(std::shared_ptr<const Image> image);
  /// Convenience: copies `image`.
  void setImage(const Image& image);
  void clear();
  bool hasImage() const;
  const Image* image() const;

  /// A 2D image keeps showing its own plane (see sliceAxesFor).
  void setOrientation(SliceOrientation orientation);
  SliceOrientation orientation() const;

  /// The index axes shown for the current orientation and image.
  SliceAxes sliceAxes() const;

  /// Number of slices along the current orientation's normal (0 without an image).
  int sliceCount() const;
  /// The cursor's index along this view's normal.
  int sliceIndex() const;
  /// Moves the cursor along the normal, clamped to [0, sliceCount - 1]: every view of the state
  /// with this normal follows; emits sliceChanged when the index changes.
  void setSliceIndex(int index);

  /// Grey = 0 at level - window/2, 255 at level + window/2. window must be > 0.
  void setWindowLevel(double window, double level);
  double window() const;
  double level() const;
  /// Window/level from the 1st to the 99th percentile of the whole image.
  void resetWindowLevel();
  void applyPreset(const WindowLevelPreset& preset);
  /// Width of the finite intensity range; window drags move by this per 400 pixels.
  double intensitySpan() const;

  /// Zoom factor relative to the fitted slice, shared by the state's views of this orientation;
  /// clamped to SliceViewport's limits.
  void setZoom(double zoom);
  double zoom() const;
  /// Offset of the slice centre from the widget centre, in widget pixels.
  void setPan(QPointF pan);
  QPointF pan() const;
  /// Both at once, emitting viewTransformChanged at most once.
  void setViewTransform(double zoom, QPointF pan);
  /// Zooms by `factor` keeping the slice point under `anchor` (widget coordinates) fixed.
  void zoomAbout(QPointF anchor, double factor);
  /// Zoom 1, no pan.
  void resetView();

  /// The state's cursor voxel (x, y, z index), drawn by CrosshairLayer. Clamped into the image;
  /// emits cursorMoved when it changes. Views of other orientations move to the cursor's slice,
  /// and so does this one when the cursor leaves its slice.
  void setCursorVoxel(const std::array<int, 3>& voxel);
  std::array<int, 3> cursorVoxel() const;

  /// Columns and rows of the current slice, in voxels.
  QSize sliceSize() const;
  /// The current slice's display pixels and their voxels (empty without an image).
  SliceGrid sliceGrid() const;
  /// Where the slice is drawn, in widget coordinates, zoom and pan included (empty without an
  /// image). May extend past the widget when zoomed in.
  QRectF sliceRect() const;
  /// The voxel (x, y, z index) under a widget position, if it lies on the slice.
  std::optional<std::array<int, 3>> voxelAt(QPointF widgetPosition) const;
  /// Widget position of a (continuous) voxel index; integer indices are voxel centres. The
  /// component along the slice normal is ignored.
  QPointF widgetPosition(const std::array<double, 3>& voxelIndex) const;

  /// Draws `layer` over the slice (after the layers added before it) and offers it mouse and
  /// key events first. Not owned; a destroyed layer removes itself.
  void addLayer(SliceLayer* layer);
  void removeLayer(SliceLayer* layer);
  const std::vector<SliceLayer*>& layers() const;

  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 Q_SIGNALS:
  void sliceChanged(int index);
  void orientationChanged(anomadiff::SliceOrientation orientation);
  void windowLevelChanged(double window, double level);
  void viewTransformChanged();
  void cursorMoved(std::array<int, 3> voxel);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void keyReleaseEvent(QKeyEvent* event) override;
  void focusOutEvent(QFocusEvent* event) override;

 private:
  /// What the view shows of the state, as its signals last reported it.
  struct Shown {
    int slice = 0;
    std::array<int, 3> cursor{0, 0, 0};
    SliceOrientation orientation = SliceOrientation::Axial;
    double window = 1.0;
    double level = 0.5;
    double zoom = 1.0;
    QPointF pan;
  };

  ViewerState& state() const;
  void connectState(ViewerState* state);
  bool sharesWindowLevel() const;
  Shown shown() const;
  /// The one place that repaints after a navigation change and emits this view's signals, for
  /// what differs from the last report. Called on every state signal and own change.
  void announceChanges();
  /// Physical size of a displayed pixel (column spacing, row spacing).
  QSizeF pixelSpacing() const;
  void rebuildSliceImage();
  void invalidate();

  std::shared_ptr<const Image> m_image;
  SliceLayerStack m_layers;
  std::unique_ptr<ViewerState> m_ownState;
  QPointer<ViewerState> m_sharedState;
  // Used unless the state shares them.
  SliceOrientation m_orientation = SliceOrientation::Axial;
  double m_window = 1.0;
  double m_level = 0.5;
  Shown m_shown;
  // The slice after window/level, as 8-bit grey, rebuilt lazily when something changed.
  QImage m_sliceImage;
  bool m_sliceImageDirty = true;
  double m_intensitySpan = 1.0;
  SliceNavigator m_navigator;
};

}  // namespace anomadiff::gui
