#pragma once

#include "image/Image.h"
#include "localize/BoundingBox.h"

#include <QColor>
#include <QImage>
#include <QWidget>

#include <array>
#include <memory>
#include <vector>

namespace anomadiff::gui {

class VtkOpenGLWidget;

/// The 3D view: VTK volume rendering of an image (grey ramp, opacity from the intensity
/// percentiles) in physical space (spacing, origin and direction). A 2D image (depth 1) is shown
/// as a textured slice instead. Left-drag rotates, right-drag/wheel zooms, middle-drag pans, 'r'
/// resets the camera. Over the image it draws the anomaly map (an isosurface at a threshold, or the
/// pixels above it for a 2D image) and the findings as box outlines; a click on an outline emits
/// boxClicked. No VTK type appears here; see VolumeView.cpp.
class VolumeView : public QWidget {
  Q_OBJECT

 public:
  /// What the view currently draws.
  enum class Mode { Empty, Volume, Slice };

  explicit VolumeView(QWidget* parent = nullptr);
  ~VolumeView() override;

  VolumeView(const VolumeView&) = delete;
  VolumeView& operator=(const VolumeView&) = delete;

  /// Copies the image into the VTK scene and resets the camera.
  void setImage(const Image& image);
  /// Removes the image; only the background remains.
  void clear();
  bool hasImage() const;
  Mode mode() const;

  /// Looks at the whole image as SliceView's axial view does (radiological: patient left on
  /// screen right, anterior up); a 2D image face-on, a volume tilted slightly to show depth.
  /// Until the user moves the camera, the view re-fits the image when the widget is resized.
  void resetCamera();

  /// Shows the anomaly map (same grid as the image) where it exceeds `threshold`: a translucent
  /// isosurface for a volume, a translucent coloured overlay of those pixels for a 2D image. Drawn
  /// over the image so tissue in front never hides it. Replaced by the next image.
  /// Throws InvalidArgument without an image or when the map's size differs from the image's.
  void setAnomalyMap(const Image& map, double threshold);
  void clearAnomalyMap();
  bool hasAnomalyMap() const;

  /// Draws the boxes (voxel index units of the image) as 3D outlines in physical space; each
  /// covers the voxels [x, x + width) and so on. Replaced by the next image.
  /// Throws InvalidArgument without an image.
  void setBoxes(const std::vector<BoundingBox>& boxes);
  /// Highlights the box with this id (BoundingBox::id); an id no box has (e.g. -1) highlights none.
  void setSelectedBox(int id);

  /// Moves the camera so that it looks at this voxel (fractional index allowed), keeping its
  /// direction and distance, and renders.
  void centreOn(const std::array<double, 3>& voxelIndex);
  /// The camera's focal point in physical coordinates.
  std::array<double, 3> focalPoint() const;

  /// Renders if needed and returns the frame in device pixels (GL content included).
  QImage grabFrame();

  /// The solid background colour, so callers and tests can tell empty pixels apart.
  QColor backgroundColor() const;

  /// The GL widget that hosts VTK (for embedding checks and screenshots).
  VtkOpenGLWidget* glWidget() const;

 Q_SIGNALS:
  /// A left click (no drag) landed on the outline of the box with this id.
  void boxClicked(int id);

 protected:
  void resizeEvent(QResizeEvent* event) override;
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void requireImage(const char* operation) const;
  void pickBoxAt(const QPointF& widgetPosition);

  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace anomadiff::gui
