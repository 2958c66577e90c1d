#pragma once

#include <QOpenGLWidget>
#include <QSurfaceFormat>

#include <memory>

// Forward declarations only: this header must not pull VTK (or GLEW) into the widgets that use it.
class vtkGenericOpenGLRenderWindow;
class vtkRenderWindowInteractor;

namespace anomadiff::gui {

/// Hosts a VTK render window inside a Qt6 QOpenGLWidget. VTK's own Qt module
/// (QVTKOpenGLNativeWidget) is built against Qt5 on Debian and must not be linked, so this is our
/// adapter (docs/ARCHITECTURE.md §2): VTK renders into its own framebuffer with Qt's context, and
/// paintGL blits that framebuffer into the widget's. Qt mouse/wheel/key events are forwarded to a
/// VTK interactor (trackball camera).
///
/// Only gui/render/ and the views built on it include VTK headers; this header stays VTK-free.
class VtkOpenGLWidget : public QOpenGLWidget {
  Q_OBJECT

 public:
  explicit VtkOpenGLWidget(QWidget* parent = nullptr);
  ~VtkOpenGLWidget() override;

  VtkOpenGLWidget(const VtkOpenGLWidget&) = delete;
  VtkOpenGLWidget& operator=(const VtkOpenGLWidget&) = delete;

  /// The render window VTK draws into; add renderers to it. Owned by this widget.
  vtkGenericOpenGLRenderWindow* renderWindow() const;
  /// The interactor that receives the forwarded Qt events. Owned by this widget.
  vtkRenderWindowInteractor* interactor() const;

  /// Asks for a VTK render at the next paint (the scene changed). Cheap; call it freely.
  void requestRender();

  /// The surface format VTK needs: OpenGL 3.2 core, 24-bit depth, 8-bit stencil and alpha,
  /// double buffered, no multisampling (VTK manages its own).
  static QSurfaceFormat defaultFormat();

  /// Call once before constructing QApplication: sets QT_QPA_PLATFORM=xcb when unset (Debian's
  /// VTK loads GL through GLEW on GLX; EGL/Wayland contexts fail), Qt::AA_ShareOpenGLContexts
  /// (so docking/reparenting keeps resources) and the default surface format.
  static void prepareApplication();

 protected:
  void initializeGL() override;
  void resizeGL(int w, int h) override;
  void paintGL() override;

  bool event(QEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void keyReleaseEvent(QKeyEvent* event) override;

 private:
  void cleanupContext();
  void updateVtkSize();
  void forwardMouse(const QMouseEvent* event);

  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace anomadiff::gui
