#pragma once

#include "image/Image.h"
#include "image/SliceAxes.h"

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

/// A 2D slice of an image drawn with QPainter (no OpenGL, so it works and tests anywhere).
/// Pixels keep their physical aspect ratio (spacing) and the slice is centred in the widget.
/// Mouse wheel: previous/next slice. Right-drag: window (horizontal) and level (vertical).
/// Positions go through voxelAt/widgetPosition, so overlays and boxes drawn later in voxel
/// index units land on the right pixels whatever the orientation and flips.
class SliceView : public QWidget {
  Q_OBJECT

 public:
  explicit SliceView(QWidget* parent = nullptr);
  ~SliceView() override;

  /// Shows `image` (shared, not copied) at its middle slice with the automatic window/level.
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

  /// Columns and rows of the current slice, in voxels.
  QSize sliceSize() const;
  /// Where the slice is drawn, in widget coordinates (empty without an image).
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

 protected:
  void paintEvent(QPaintEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;

 private:
  void updateAxes();
  /// Physical size of a displayed pixel (column spacing, row spacing).
  QSizeF pixelSpacing() const;
  void rebuildSliceImage();
  void invalidate();

  /// Offers an event to the layers, topmost first; true when one consumed it.
  template <typename Handler>
  bool offerToLayers(Handler handler);

  std::shared_ptr<const Image> m_image;
  std::vector<SliceLayer*> m_layers;
  SliceOrientation m_orientation = SliceOrientation::Axial;
  SliceAxes m_axes;
  int m_sliceIndex = 0;
  double m_window = 1.0;
  double m_level = 0.5;
  // The slice after window/level, as 8-bit grey, rebuilt lazily when something changed.
  QImage m_sliceImage;
  bool m_sliceImageDirty = true;
  // Wheel deltas below one notch (touchpads) accumulate until they make a step.
  int m_wheelRemainder = 0;
  // Right-drag window/level state.
  bool m_adjustingWindow = false;
  QPointF m_dragStart;
  double m_dragStartWindow = 1.0;
  double m_dragStartLevel = 0.5;
  double m_intensitySpan = 1.0;
};

}  // namespace anomadiff::gui
