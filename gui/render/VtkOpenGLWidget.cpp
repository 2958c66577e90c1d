#include "render/VtkOpenGLWidget.h"

#include <vtkCommand.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkGenericRenderWindowInteractor.h>
#include <vtkInteractorStyleTrackballCamera.h>
#include <vtkNew.h>
#include <vtkOpenGLFramebufferObject.h>
#include <vtkOpenGLState.h>
#include <vtkSmartPointer.h>
// No vtk_glew.h here: GLEW and Qt's GL headers exclude each other. GL enums come from Qt; VTK
// calls GL through its own loader inside its libraries.

#include <QApplication>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QOpenGLContext>
#include <QOpenGLExtraFunctions>
#include <QScreen>
#include <QWheelEvent>

#include <vector>

namespace anomadiff::gui {

namespace {

// vtkWindow's default DPI; scaled by the device pixel ratio so text and lines keep their size.
constexpr int kUnscaledDpi = 72;

}  // namespace

struct VtkOpenGLWidget::Impl {
  explicit Impl(VtkOpenGLWidget* owner) : self(owner) {}

  // VTK asks us (through events) to make the context current and whether it is current, because
  // with SetOwnContext(false) the context belongs to Qt.
  void onRenderWindowEvent(vtkObject*, unsigned long eventId, void* callData) {
    QOpenGLContext* context = self->context();
    switch (eventId) {
      case vtkCommand::WindowMakeCurrentEvent:
        // QOpenGLContext::makeCurrent, not QOpenGLWidget::makeCurrent: the widget's version also
        // binds Qt's FBO, and VTK would then attach its own buffers to it (blank frames).
        if (context != nullptr && surface != nullptr) {
          context->makeCurrent(surface);
        }
        break;
      case vtkCommand::WindowIsCurrentEvent: {
        auto* isCurrent = static_cast<bool*>(callData);
        const QOpenGLContext* current = QOpenGLContext::currentContext();
        *isCurrent = context != nullptr && current == context && current->surface() == surface;
        break;
      }
      case vtkCommand::WindowFrameEvent:
        // A render that VTK started itself (e.g. the interactor while rotating) finished: show
        // it. Inside paintGL the blit follows anyway, and update() there would loop forever.
        if (!inPaint) {
          self->update();
        }
        break;
      default:
        break;
    }
  }

  VtkOpenGLWidget* self;
  vtkSmartPointer<vtkGenericOpenGLRenderWindow> renderWindow;
  vtkSmartPointer<vtkGenericRenderWindowInteractor> interactor;
  std::vector<unsigned long> observerIds;
  // The widget's offscreen surface, remembered at initializeGL: context()->surface() is null
  // whenever the context was released (doneCurrent), e.g. by another GL widget painting.
  QSurface* surface = nullptr;
  // True when the scene changed since the last VTK render; paintGL then renders before blitting.
  bool needsRender = true;
  bool inPaint = false;
};

VtkOpenGLWidget::VtkOpenGLWidget(QWidget* parent)
    : QOpenGLWidget(parent), m_impl(std::make_unique<Impl>(this)) {
  setFocusPolicy(Qt::StrongFocus);
  // VTK redraws the whole frame every time; partial updates would keep stale pixels.
  setUpdateBehavior(QOpenGLWidget::NoPartialUpdate);
  setMouseTracking(true);
  setMinimumSize(64, 64);

  m_impl->renderWindow = vtkSmartPointer<vtkGenericOpenGLRenderWindow>::New();
  // Not before initializeGL: there is no context to render with until then.
  m_impl->renderWindow->SetReadyForRendering(false);
  // We blit ourselves into Qt's framebuffer in paintGL.
  m_impl->renderWindow->SetFrameBlitModeToNoBlit();
  m_impl->renderWindow->SetMultiSamples(0);

  for (const unsigned long eventId :
       {vtkCommand::WindowMakeCurrentEvent, vtkCommand::WindowIsCurrentEvent,
        vtkCommand::WindowFrameEvent}) {
    m_impl->observerIds.push_back(
        m_impl->renderWindow->AddObserver(eventId, m_impl.get(), &Impl::onRenderWindowEvent));
  }

  m_impl->interactor = vtkSmartPointer<vtkGenericRenderWindowInteractor>::New();
  m_impl->interactor->SetRenderWindow(m_impl->renderWindow);
  m_impl->interactor->Initialize();
  vtkNew<vtkInteractorStyleTrackballCamera> style;
  m_impl->interactor->SetInteractorStyle(style);
}

VtkOpenGLWidget::~VtkOpenGLWidget() {
  // Release VTK's GL resources while the context still exists.
  if (context() != nullptr) {
    // ~QOpenGLWidget destroys the context after our members are gone: its aboutToBeDestroyed
    // must not reach cleanupContext then.
    disconnect(context(), nullptr, this, nullptr);
    makeCurrent();
    cleanupContext();
    doneCurrent();
  }
  for (const unsigned long id : m_impl->observerIds) {
    m_impl->renderWindow->RemoveObserver(id);
  }
}

vtkGenericOpenGLRenderWindow* VtkOpenGLWidget::renderWindow() const {
  return m_impl->renderWindow;
}

vtkRenderWindowInteractor* VtkOpenGLWidget::interactor() const {
  return m_impl->interactor;
}

void VtkOpenGLWidget::requestRender() {
  m_impl->needsRender = true;
  update();
}

QSurfaceFormat VtkOpenGLWidget::defaultFormat() {
  QSurfaceFormat format;
  format.setRenderableType(QSurfaceFormat::OpenGL);
  format.setVersion(3, 2);
  format.setProfile(QSurfaceFormat::CoreProfile);
  format.setSwapBehavior(QSurfaceFormat::DoubleBuffer);
  format.setRedBufferSize(8);
  format.setGreenBufferSize(8);
  format.setBlueBufferSize(8);
  format.setAlphaBufferSize(8);
  format.setDepthBufferSize(24);
  format.setStencilBufferSize(8);
  // Qt would silently drop samples for a QOpenGLWidget; VTK does its own anti-aliasing if asked.
  format.setSamples(0);
  return format;
}

void VtkOpenGLWidget::prepareApplication() {
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
    qputenv("QT_QPA_PLATFORM", "xcb");
  }
  QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
  QSurfaceFormat::setDefaultFormat(defaultFormat());
}

void VtkOpenGLWidget::initializeGL() {
  m_impl->surface = context()->surface();
  vtkGenericOpenGLRenderWindow* renderWindow = m_impl->renderWindow;
  // VTK caches GL state; Qt changed it behind VTK's back while creating the context.
  vtkOpenGLState* state = renderWindow->GetState();
  state->Reset();
  // Qt leaves GL_LESS; VTK's depth peeling and volume/surface compositing expect GL_LEQUAL.
  state->vtkglDepthFunc(GL_LEQUAL);
  state->vtkglEnable(GL_DEPTH_TEST);

  renderWindow->SetForceMaximumHardwareLineWidth(1);
  renderWindow->SetOwnContext(false);
  renderWindow->SetReadyForRendering(true);
  renderWindow->OpenGLInitContext();

  m_impl->needsRender = true;
  updateVtkSize();

  // Qt may destroy and re-create the context (e.g. when a dock floats into its own window):
  // VTK's GL objects must go with the old one, and initializeGL runs again for the new one.
  connect(context(), &QOpenGLContext::aboutToBeDestroyed, this, &VtkOpenGLWidget::cleanupContext,
          static_cast<Qt::ConnectionType>(Qt::UniqueConnection | Qt::DirectConnection));
}

void VtkOpenGLWidget::resizeGL(int /*w*/, int /*h*/) {
  updateVtkSize();
}

void VtkOpenGLWidget::updateVtkSize() {
  // VTK works in device pixels, Qt widgets in logical ones.
  const qreal dpr = devicePixelRatioF();
  const QSize deviceSize = size() * dpr;
  m_impl->interactor->UpdateSize(deviceSize.width(), deviceSize.height());
  if (const QScreen* screen = this->screen()) {
    const QSize screenSize = screen->size() * dpr;
    m_impl->renderWindow->SetScreenSize(screenSize.width(), screenSize.height());
  }
  m_impl->renderWindow->SetDPI(static_cast<int>(kUnscaledDpi * dpr));
  m_impl->needsRender = true;
}

void VtkOpenGLWidget::paintGL() {
  vtkGenericOpenGLRenderWindow* renderWindow = m_impl->renderWindow;
  QOpenGLExtraFunctions* gl = context()->extraFunctions();
  if (!renderWindow->GetReadyForRendering()) {
    gl->glClearColor(0.0F, 0.0F, 0.0F, 1.0F);
    gl->glClear(GL_COLOR_BUFFER_BIT);
    return;
  }

  vtkOpenGLState* state = renderWindow->GetState();
  state->Reset();
  state->Push();
  state->vtkglDepthFunc(GL_LEQUAL);

  if (m_impl->needsRender) {
    m_impl->inPaint = true;
    m_impl->interactor->Render();
    m_impl->inPaint = false;
    m_impl->needsRender = false;
  }

  // A render may run other widgets' code (progress updates) that changes the current context.
  makeCurrent();

  // Copy VTK's display framebuffer into the widget's framebuffer.
  const QSize deviceSize = size() * devicePixelRatioF();
  gl->glBindFramebuffer(GL_DRAW_FRAMEBUFFER, defaultFramebufferObject());
  const GLenum drawBuffer = GL_COLOR_ATTACHMENT0;
  gl->glDrawBuffers(1, &drawBuffer);
  // The scissor test also clips blits.
  const bool scissor = gl->glIsEnabled(GL_SCISSOR_TEST) == GL_TRUE;
  if (scissor) {
    state->vtkglDisable(GL_SCISSOR_TEST);
    gl->glDisable(GL_SCISSOR_TEST);
  }
  const int* renderedSize = renderWindow->GetRenderFramebuffer()->GetLastSize();
  renderWindow->BlitDisplayFramebuffer(0, 0, 0, renderedSize[0], renderedSize[1], 0, 0,
                                       deviceSize.width(), deviceSize.height(), GL_COLOR_BUFFER_BIT,
                                       GL_LINEAR);

  // Force alpha to 1: with an alpha channel, Mesa and compositors would blend the view with
  // whatever is behind the window.
  gl->glColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_TRUE);
  gl->glClearColor(0.0F, 0.0F, 0.0F, 1.0F);
  gl->glViewport(0, 0, deviceSize.width(), deviceSize.height());
  gl->glClear(GL_COLOR_BUFFER_BIT);
  gl->glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);

  if (scissor) {
    state->vtkglEnable(GL_SCISSOR_TEST);
    gl->glEnable(GL_SCISSOR_TEST);
  }
  state->Pop();
}

void VtkOpenGLWidget::cleanupContext() {
  vtkGenericOpenGLRenderWindow* renderWindow = m_impl->renderWindow;
  if (renderWindow->GetReadyForRendering()) {
    renderWindow->Finalize();
    renderWindow->SetReadyForRendering(false);
  }
  m_impl->surface = nullptr;
  m_impl->needsRender = true;
}

bool VtkOpenGLWidget::event(QEvent* event) {
  switch (event->type()) {
    case QEvent::Enter:
      m_impl->interactor->EnterEvent();
      break;
    case QEvent::Leave:
      m_impl->interactor->LeaveEvent();
      break;
    default:
      break;
  }
  return QOpenGLWidget::event(event);
}

void VtkOpenGLWidget::forwardMouse(const QMouseEvent* event) {
  const qreal dpr = devicePixelRatioF();
  const Qt::KeyboardModifiers modifiers = event->modifiers();
  const QPointF position = event->position() * dpr;
  const int repeat = event->type() == QEvent::MouseButtonDblClick ? 1 : 0;
  m_impl->interactor->SetAltKey(modifiers.testFlag(Qt::AltModifier) ? 1 : 0);
  m_impl->interactor->SetEventInformationFlipY(
      static_cast<int>(position.x()), static_cast<int>(position.y()),
      modifiers.testFlag(Qt::ControlModifier) ? 1 : 0,
      modifiers.testFlag(Qt::ShiftModifier) ? 1 : 0, 0, repeat);
}

void VtkOpenGLWidget::mousePressEvent(QMouseEvent* event) {
  forwardMouse(event);
  switch (event->button()) {
    case Qt::LeftButton:
      m_impl->interactor->LeftButtonPressEvent();
      break;
    case Qt::MiddleButton:
      m_impl->interactor->MiddleButtonPressEvent();
      break;
    case Qt::RightButton:
      m_impl->interactor->RightButtonPressEvent();
      break;
    default:
      break;
  }
  event->accept();
}

void VtkOpenGLWidget::mouseDoubleClickEvent(QMouseEvent* event) {
  mousePressEvent(event);
}

void VtkOpenGLWidget::mouseReleaseEvent(QMouseEvent* event) {
  forwardMouse(event);
  switch (event->button()) {
    case Qt::LeftButton:
      m_impl->interactor->LeftButtonReleaseEvent();
      break;
    case Qt::MiddleButton:
      m_impl->interactor->MiddleButtonReleaseEvent();
      break;
    case Qt::RightButton:
      m_impl->interactor->RightButtonReleaseEvent();
      break;
    default:
      break;
  }
  event->accept();
}

void VtkOpenGLWidget::mouseMoveEvent(QMouseEvent* event) {
  forwardMouse(event);
  m_impl->interactor->MouseMoveEvent();
  event->accept();
}

void VtkOpenGLWidget::wheelEvent(QWheelEvent* event) {
  const qreal dpr = devicePixelRatioF();
  const QPointF position = event->position() * dpr;
  const Qt::KeyboardModifiers modifiers = event->modifiers();
  m_impl->interactor->SetEventInformationFlipY(static_cast<int>(position.x()),
                                               static_cast<int>(position.y()),
                                               modifiers.testFlag(Qt::ControlModifier) ? 1 : 0,
                                               modifiers.testFlag(Qt::ShiftModifier) ? 1 : 0);
  const int delta = event->angleDelta().y();
  if (delta > 0) {
    m_impl->interactor->MouseWheelForwardEvent();
  } else if (delta < 0) {
    m_impl->interactor->MouseWheelBackwardEvent();
  }
  event->accept();
}

void VtkOpenGLWidget::keyPressEvent(QKeyEvent* event) {
  const Qt::KeyboardModifiers modifiers = event->modifiers();
  const QString text = event->text();
  const char keyCode = text.size() == 1 ? text.at(0).toLatin1() : '\0';
  m_impl->interactor->SetKeyEventInformation(modifiers.testFlag(Qt::ControlModifier) ? 1 : 0,
                                             modifiers.testFlag(Qt::ShiftModifier) ? 1 : 0, keyCode,
                                             event->isAutoRepeat() ? 1 : 0);
  m_impl->interactor->KeyPressEvent();
  // The trackball style's character shortcuts include 'e'/'q' (exit), '3' (stereo) and 'w'
  // (wireframe), which would break the view inside an application; only 'r' (reset camera) is
  // useful here.
  if (keyCode == 'r' || keyCode == 'R') {
    m_impl->interactor->CharEvent();
  }
  QOpenGLWidget::keyPressEvent(event);
}

void VtkOpenGLWidget::keyReleaseEvent(QKeyEvent* event) {
  const Qt::KeyboardModifiers modifiers = event->modifiers();
  const QString text = event->text();
  const char keyCode = text.size() == 1 ? text.at(0).toLatin1() : '\0';
  m_impl->interactor->SetKeyEventInformation(modifiers.testFlag(Qt::ControlModifier) ? 1 : 0,
                                             modifiers.testFlag(Qt::ShiftModifier) ? 1 : 0, keyCode,
                                             event->isAutoRepeat() ? 1 : 0);
  m_impl->interactor->KeyReleaseEvent();
  QOpenGLWidget::keyReleaseEvent(event);
}

}  // namespace anomadiff::gui
