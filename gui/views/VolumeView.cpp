#include "views/VolumeView.h"

#include "common/Error.h"
#include "image/SliceAxes.h"
#include "render/VtkOpenGLWidget.h"
#include "views/AnomalyLayer.h"
#include "views/BoxOutlines.h"
#include "views/CopyToVtk.h"
#include "views/IndexToPhysical.h"
#include "views/IntensityPercentiles.h"

#include <vtkCamera.h>
#include <vtkColorTransferFunction.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkImageActor.h>
#include <vtkImageData.h>
#include <vtkImageProperty.h>
#include <vtkMath.h>
#include <vtkMatrix4x4.h>
#include <vtkNew.h>
#include <vtkPiecewiseFunction.h>
#include <vtkRenderer.h>
#include <vtkSmartPointer.h>
#include <vtkSmartVolumeMapper.h>
#include <vtkVolume.h>
#include <vtkVolumeProperty.h>

#include <QApplication>
#include <QEvent>
#include <QMouseEvent>
#include <QVBoxLayout>

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <string>

namespace anomadiff::gui {

namespace {

// Dark slate: distinct from black (air in MRI), so empty space and dark tissue differ.
constexpr std::array<double, 3> kBackground{0.10, 0.12, 0.16};

// Fraction of the intensity range below which voxels are fully transparent (air and noise
// around the head), and the opacity per unit distance reached at the top of the range.
constexpr double kTransparentBelow = 0.15;
constexpr double kMaxOpacity = 0.35;

// Camera tilt for 3D volumes; a straight axial view would look like a flat projection.
constexpr double kAzimuthDegrees = 30.0;
constexpr double kElevationDegrees = -20.0;
// Room left around a 2D image seen face-on (fraction of the view).
constexpr double kFaceOnMargin = 1.04;

std::string sizeText(const ImageGeometry& geometry) {
  return std::to_string(geometry.size[0]) + "x" + std::to_string(geometry.size[1]) + "x" +
         std::to_string(geometry.size[2]);
}

// ResetCamera fits the bounding sphere, which leaves a flat image small; fit its rectangle to
// the view instead (perspective: the visible height at the focal point).
void fitFaceOn(vtkCamera* camera, const ImageGeometry& geometry, QSize viewSize) {
  if (viewSize.isEmpty()) {
    return;
  }
  const SliceAxes axes = sliceAxesFor(geometry, SliceOrientation::Axial);
  const auto extent = [&geometry](int axis) {
    const auto i = static_cast<std::size_t>(axis);
    return static_cast<double>(geometry.size[i]) * geometry.spacing[i];
  };
  const double aspect = static_cast<double>(viewSize.width()) / viewSize.height();
  const double needed = kFaceOnMargin * std::max(extent(axes.row), extent(axes.column) / aspect);
  const double visible = 2.0 * camera->GetDistance() *
                         std::tan(vtkMath::RadiansFromDegrees(camera->GetViewAngle()) / 2.0);
  if (needed > 0.0 && visible > 0.0) {
    camera->Zoom(visible / needed);
  }
}

}  // namespace

struct VolumeView::Impl {
  VtkOpenGLWidget* glWidget = nullptr;
  vtkNew<vtkRenderer> renderer;
  vtkNew<vtkImageData> imageData;
  vtkNew<vtkSmartVolumeMapper> volumeMapper;
  vtkNew<vtkVolumeProperty> volumeProperty;
  vtkNew<vtkColorTransferFunction> colors;
  vtkNew<vtkPiecewiseFunction> opacity;
  vtkNew<vtkVolume> volume;
  // A volume one voxel thick has no extent between voxel centres, so ray casting samples
  // nothing; a 2D image is drawn as a textured slice instead.
  vtkNew<vtkImageActor> slice;
  // Anomaly map and boxes: a layer above the image, sharing its camera, so the volume rendering
  // (nearly opaque through a whole brain) never hides them.
  vtkNew<vtkRenderer> overlay;
  AnomalyLayer anomaly{overlay};
  BoxOutlines boxes{overlay};
  Mode mode = Mode::Empty;
  ImageGeometry geometry;
  // Where the left button went down, to tell a click (picks a box) from a rotation.
  QPoint leftPressedAt;
  // True from resetCamera until the user rotates, zooms or pans.
  bool cameraFollowsSize = true;

  void updateTransferFunctions(const Image& image) {
    IntensityRange range = intensityPercentiles(image, 0.005, 0.995);
    if (range.width() <= 0.0) {
      range = intensityExtent(image);
    }
    colors->RemoveAllPoints();
    opacity->RemoveAllPoints();
    if (range.width() <= 0.0) {
      // A constant image has no structure to show: keep everything transparent.
      colors->AddRGBPoint(range.low, 0.0, 0.0, 0.0);
      opacity->AddPoint(range.low, 0.0);
      return;
    }
    colors->AddRGBPoint(range.low, 0.0, 0.0, 0.0);
    colors->AddRGBPoint(range.high, 1.0, 1.0, 1.0);
    opacity->AddPoint(range.low, 0.0);
    opacity->AddPoint(range.low + kTransparentBelow * range.width(), 0.0);
    opacity->AddPoint(range.high, kMaxOpacity);
  }

  void updateSliceWindow(const Image& image) {
    IntensityRange range = intensityPercentiles(image, 0.01, 0.99);
    if (range.width() <= 0.0) {
      range = intensityExtent(image);
    }
    vtkImageProperty* property = slice->GetProperty();
    property->SetColorWindow(std::max(range.width(), 1e-6));
    property->SetColorLevel(0.5 * (range.low + range.high));
  }
};

VolumeView::VolumeView(QWidget* parent) : QWidget(parent), m_impl(std::make_unique<Impl>()) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  m_impl->glWidget = new VtkOpenGLWidget(this);
  m_impl->glWidget->installEventFilter(this);
  layout->addWidget(m_impl->glWidget);

  m_impl->renderer->SetBackground(kBackground.data());
  vtkRenderWindow* window = m_impl->glWidget->renderWindow();
  window->SetNumberOfLayers(2);
  window->AddRenderer(m_impl->renderer);
  m_impl->overlay->SetLayer(1);
  m_impl->overlay->SetActiveCamera(m_impl->renderer->GetActiveCamera());
  // The interactor moves the camera of the image's renderer; the overlay follows through sharing.
  m_impl->overlay->InteractiveOff();
  window->AddRenderer(m_impl->overlay);

  m_impl->volumeProperty->SetColor(m_impl->colors);
  m_impl->volumeProperty->SetScalarOpacity(m_impl->opacity);
  m_impl->volumeProperty->SetInterpolationTypeToLinear();
  m_impl->volumeProperty->ShadeOff();
  m_impl->volumeMapper->SetBlendModeToComposite();
  m_impl->volume->SetMapper(m_impl->volumeMapper);
  m_impl->volume->SetProperty(m_impl->volumeProperty);
  m_impl->volume->VisibilityOff();
  m_impl->renderer->AddVolume(m_impl->volume);

  m_impl->slice->GetProperty()->SetInterpolationTypeToLinear();
  m_impl->slice->VisibilityOff();
  m_impl->renderer->AddActor(m_impl->slice);
}

VolumeView::~VolumeView() = default;

void VolumeView::setImage(const Image& image) {
  if (image.isEmpty()) {
    clear();
    return;
  }
  const ImageGeometry& geometry = image.geometry();
  m_impl->geometry = geometry;
  m_impl->anomaly.clear();
  m_impl->boxes.clear();
  vtkImageData* data = m_impl->imageData;
  copyToVtk(image, data, "intensity");

  const vtkSmartPointer<vtkMatrix4x4> matrix = indexToPhysicalMatrix(geometry);
  if (geometry.is2D()) {
    m_impl->mode = Mode::Slice;
    m_impl->slice->SetInputData(data);
    m_impl->slice->SetUserMatrix(matrix);
    m_impl->updateSliceWindow(image);
    m_impl->slice->VisibilityOn();
    m_impl->volume->VisibilityOff();
  } else {
    m_impl->mode = Mode::Volume;
    m_impl->volumeMapper->SetInputData(data);
    m_impl->volume->SetUserMatrix(matrix);
    m_impl->updateTransferFunctions(image);
    const double meanSpacing =
        (geometry.spacing[0] + geometry.spacing[1] + geometry.spacing[2]) / 3.0;
    m_impl->volumeProperty->SetScalarOpacityUnitDistance(meanSpacing);
    m_impl->volume->VisibilityOn();
    m_impl->slice->VisibilityOff();
  }
  resetCamera();
}

void VolumeView::clear() {
  m_impl->mode = Mode::Empty;
  m_impl->anomaly.clear();
  m_impl->boxes.clear();
  m_impl->volume->VisibilityOff();
  m_impl->slice->VisibilityOff();
  m_impl->glWidget->requestRender();
}

bool VolumeView::hasImage() const {
  return m_impl->mode != Mode::Empty;
}

VolumeView::Mode VolumeView::mode() const {
  return m_impl->mode;
}

void VolumeView::requireImage(const char* operation) const {
  if (!hasImage()) {
    throw InvalidArgument(std::string("VolumeView::") + operation + ": no image is shown");
  }
}

void VolumeView::setAnomalyMap(const Image& map, double threshold) {
  requireImage("setAnomalyMap");
  if (map.geometry().size != m_impl->geometry.size) {
    throw InvalidArgument("VolumeView::setAnomalyMap: the map's size " + sizeText(map.geometry()) +
                          " differs from the image's " + sizeText(m_impl->geometry));
  }
  m_impl->anomaly.show(map, m_impl->geometry, threshold);
  m_impl->glWidget->requestRender();
}

void VolumeView::clearAnomalyMap() {
  m_impl->anomaly.clear();
  m_impl->glWidget->requestRender();
}

bool VolumeView::hasAnomalyMap() const {
  return m_impl->anomaly.isShown();
}

void VolumeView::setBoxes(const std::vector<BoundingBox>& boxes) {
  requireImage("setBoxes");
  m_impl->boxes.setBoxes(boxes, m_impl->geometry);
  m_impl->glWidget->requestRender();
}

void VolumeView::setSelectedBox(int id) {
  m_impl->boxes.setSelected(id);
  m_impl->glWidget->requestRender();
}

void VolumeView::centreOn(const std::array<double, 3>& voxelIndex) {
  const std::array<double, 3> target = indexToPhysical(m_impl->geometry, voxelIndex);
  vtkCamera* camera = m_impl->renderer->GetActiveCamera();
  double focal[3];
  double position[3];
  camera->GetFocalPoint(focal);
  camera->GetPosition(position);
  // Translating both points keeps the view direction, distance and view-up.
  camera->SetFocalPoint(target.data());
  camera->SetPosition(target[0] + position[0] - focal[0], target[1] + position[1] - focal[1],
                      target[2] + position[2] - focal[2]);
  m_impl->renderer->ResetCameraClippingRange();
  m_impl->cameraFollowsSize = false;
  m_impl->glWidget->requestRender();
}

std::array<double, 3> VolumeView::focalPoint() const {
  std::array<double, 3> focal{};
  m_impl->renderer->GetActiveCamera()->GetFocalPoint(focal.data());
  return focal;
}

void VolumeView::resetCamera() {
  vtkRenderer* renderer = m_impl->renderer;
  double bounds[6];
  renderer->ComputeVisiblePropBounds(bounds);
  if (bounds[0] <= bounds[1]) {
    // Screen right and down as physical directions, radiological like SliceView. Volumes: from
    // the feet (LPS +z into the screen) with anterior (-y) up, patient left (+x) on the right.
    std::array<double, 3> right{1.0, 0.0, 0.0};
    std::array<double, 3> down{0.0, 1.0, 0.0};
    if (m_impl->mode == Mode::Slice) {
      // A 2D image is seen face-on, oriented exactly as SliceView draws it.
      const SliceAxes axes = sliceAxesFor(m_impl->geometry, SliceOrientation::Axial);
      const auto& d = m_impl->geometry.direction;
      for (std::size_t i = 0; i < 3; ++i) {
        right[i] = d[i * 3 + static_cast<std::size_t>(axes.column)] * (axes.flipColumns ? -1 : 1);
        down[i] = d[i * 3 + static_cast<std::size_t>(axes.row)] * (axes.flipRows ? -1 : 1);
      }
    }
    const std::array<double, 3> up{-down[0], -down[1], -down[2]};
    // VTK's camera: right = projection direction x view-up, so projection = up x right.
    const std::array<double, 3> forward{up[1] * right[2] - up[2] * right[1],
                                        up[2] * right[0] - up[0] * right[2],
                                        up[0] * right[1] - up[1] * right[0]};
    vtkCamera* camera = renderer->GetActiveCamera();
    const double center[3] = {0.5 * (bounds[0] + bounds[1]), 0.5 * (bounds[2] + bounds[3]),
                              0.5 * (bounds[4] + bounds[5])};
    camera->SetFocalPoint(center);
    camera->SetPosition(center[0] - forward[0], center[1] - forward[1], center[2] - forward[2]);
    camera->SetViewUp(up.data());
    if (m_impl->mode == Mode::Volume) {
      camera->Azimuth(kAzimuthDegrees);
      camera->Elevation(kElevationDegrees);
      camera->OrthogonalizeViewUp();
    }
    renderer->ResetCamera(bounds);
    if (m_impl->mode == Mode::Slice) {
      fitFaceOn(camera, m_impl->geometry, m_impl->glWidget->size());
    }
  }
  m_impl->cameraFollowsSize = true;
  m_impl->glWidget->requestRender();
}

void VolumeView::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  if (m_impl->cameraFollowsSize && hasImage()) {
    resetCamera();
  }
}

bool VolumeView::eventFilter(QObject* watched, QEvent* event) {
  if (watched == m_impl->glWidget) {
    switch (event->type()) {
      case QEvent::MouseButtonPress:
        m_impl->leftPressedAt = static_cast<QMouseEvent*>(event)->position().toPoint();
        m_impl->cameraFollowsSize = false;
        break;
      case QEvent::MouseButtonRelease: {
        const auto* mouse = static_cast<QMouseEvent*>(event);
        const QPoint moved = mouse->position().toPoint() - m_impl->leftPressedAt;
        if (mouse->button() == Qt::LeftButton &&
            moved.manhattanLength() < QApplication::startDragDistance()) {
          pickBoxAt(mouse->position());
        }
        break;
      }
      case QEvent::Wheel:
      case QEvent::KeyPress:
        m_impl->cameraFollowsSize = false;
        break;
      default:
        break;
    }
  }
  return QWidget::eventFilter(watched, event);
}

void VolumeView::pickBoxAt(const QPointF& widgetPosition) {
  // VTK display coordinates: device pixels from the bottom-left, as the interactor gets them.
  const qreal dpr = m_impl->glWidget->devicePixelRatioF();
  const QPointF device = widgetPosition * dpr;
  const double height = std::floor(m_impl->glWidget->height() * dpr);
  const std::optional<int> id = m_impl->boxes.boxAt(device.x(), height - device.y() - 1.0);
  if (id.has_value()) {
    Q_EMIT boxClicked(*id);
  }
}

QImage VolumeView::grabFrame() {
  return m_impl->glWidget->grabFramebuffer();
}

QColor VolumeView::backgroundColor() const {
  return QColor::fromRgbF(static_cast<float>(kBackground[0]), static_cast<float>(kBackground[1]),
                          static_cast<float>(kBackground[2]));
}

VtkOpenGLWidget* VolumeView::glWidget() const {
  return m_impl->glWidget;
}

}  // namespace anomadiff::gui
