#pragma once

#include "image/Image.h"

#include <QColor>
#include <QImage>
#include <QWidget>

#include <memory>

namespace anomadiff::gui {

class VtkOpenGLWidget;

/// The 3D view: VTK volume rendering of an image (grey ramp, opacity from the intensity
/// percentiles) in physical space (spacing, origin and direction). A 2D image (depth 1) is shown
/// as a textured slice instead. Left-drag rotates, right-drag/wheel zooms, middle-drag pans, 'r'
/// resets the camera. No VTK type appears here; see VolumeView.cpp.
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

  /// Renders if needed and returns the frame in device pixels (GL content included).
  QImage grabFrame();

  /// The solid background colour, so callers and tests can tell empty pixels apart.
  QColor backgroundColor() const;

  /// The GL widget that hosts VTK (for embedding checks and screenshots).
  VtkOpenGLWidget* glWidget() const;

 protected:
  void resizeEvent(QResizeEvent* event) override;
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace anomadiff::gui
