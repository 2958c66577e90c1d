#pragma once

#include "image/Image.h"
#include "image/SliceAxes.h"
#include "views/SliceGrid.h"
#include "views/SliceLayerStack.h"
#include "views/SliceNavigator.h"
#include "views/SliceViewport.h"

#include <QImage>
#include <QPointF>
#include <QRectF>
#include <QSize>
#include <QWidget>

#include <array>
#include <memory>
#include <optional>
#include <vector>

namespace anomadiff::gui {

class SliceLayer;
class WindowLevelPreset;

/// A 2D slice of an image drawn with QPainter (no OpenGL, so it works and tests anywhere).
/// Pixels keep their physical aspect ratio (spacing); at zoom 1 the slice fits, centred.
/// Navigation (see SliceNavigator): wheel and Up/Down/PageUp/PageDown change slice, Ctrl+wheel
/// zooms about the mouse, middle-drag or Space+left-drag pans, right-drag sets window (horizontal)
/// and level (vertical), left click/drag moves the cursor. Layers see events first, except the
/// pan gestures, which always navigate.
/// Positions go through voxelAt/widgetPosition, so overlays and boxes drawn later in voxel
/// index units land on the right pixels whatever the orientation and flips.
class SliceView : public QWidget {
  Q_OBJECT

 public:
  explicit SliceView(QWidget* parent = nullptr);
  ~SliceView() override;

  /// Shows `image` (shared, not copied) with the automatic window/level. An image on the same
  /// grid size as the current one (a reconstruction after its input) keeps slice, cursor, zoom
  /// and pan; any other starts at the middle slice, centred cursor and fitted view.
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
  int sliceIndex() const;
  /// Clamped to [0, sliceCount - 1]; emits sliceChanged when the index changes.
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

  /// Zoom factor relative to the fitted slice; clamped to SliceViewport's limits.
  void setZoom(double zoom);
  double zoom() const;
  /// Offset of the slice centre from the widget centre, in widget pixels.
  void setPan(QPointF pan);
  QPointF pan() const;
  /// Both at once, emitting viewTransformChanged at most once (used by ViewLinker).
  void setViewTransform(double zoom, QPointF pan);
  /// Zooms by `factor` keeping the slice point under `anchor` (widget coordinates) fixed.
  void zoomAbout(QPointF anchor, double factor);
  /// Zoom 1, no pan.
  void resetView();

  /// The cursor voxel (x, y, z index), shared by linked views and drawn by CrosshairLayer.
  /// Clamped into the image; emits cursorMoved when it changes. Does not change the slice.
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
  void updateAxes();
  /// setImage's part that keeps or resets slice, cursor and view for the new image.
  void placeNewImage(bool sameGrid);
  /// Physical size of a displayed pixel (column spacing, row spacing).
  QSizeF pixelSpacing() const;
  void rebuildSliceImage();
  void invalidate();

  std::shared_ptr<const Image> m_image;
  SliceLayerStack m_layers;
  SliceOrientation m_orientation = SliceOrientation::Axial;
  SliceAxes m_axes;
  int m_sliceIndex = 0;
  double m_window = 1.0;
  double m_level = 0.5;
  // The slice after window/level, as 8-bit grey, rebuilt lazily when something changed.
  QImage m_sliceImage;
  bool m_sliceImageDirty = true;
  double m_intensitySpan = 1.0;
  SliceViewport m_viewport;
  std::array<int, 3> m_cursor{0, 0, 0};
  SliceNavigator m_navigator;
};

}  // namespace anomadiff::gui
