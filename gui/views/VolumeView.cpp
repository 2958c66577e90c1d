#include "views/VolumeView.h"

#include "image/SliceAxes.h"
#include "render/VtkOpenGLWidget.h"
#include "views/IntensityPercentiles.h"

#include <vtkCamera.h>
#include <vtkColorTransferFunction.h>
#include <vtkFloatArray.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkImageActor.h>
#include <vtkImageData.h>
#include <vtkImageProperty.h>
#include <vtkMath.h>
#include <vtkMatrix4x4.h>
#include <vtkNew.h>
#include <vtkPiecewiseFunction.h>
#include <vtkPointData.h>
#include <vtkRenderer.h>
#include <vtkSmartPointer.h>
#include <vtkSmartVolumeMapper.h>
#include <vtkVolume.h>
#include <vtkVolumeProperty.h>

#include <QEvent>
#include <QVBoxLayout>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

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

// VTK's image data carries spacing; the prop matrix adds direction and origin, so that
// index (i, j, k) lands at origin + direction * diag(spacing) * (i, j, k) as in ITK. A prop matrix
// rather than vtkImageData's direction matrix, whose support differs between mappers.
vtkSmartPointer<vtkMatrix4x4> indexToPhysical(const ImageGeometry& geometry) {
  auto matrix = vtkSmartPointer<vtkMatrix4x4>::New();
  for (std::size_t row = 0; row < 3; ++row) {
    for (std::size_t column = 0; column < 3; ++column) {
      matrix->SetElement(static_cast<int>(row), static_cast<int>(column),
                         geometry.direction[row * 3 + column]);
    }
    matrix->SetElement(static_cast<int>(row), 3, geometry.origin[row]);
  }
  return matrix;
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
  Mode mode = Mode::Empty;
  ImageGeometry geometry;
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
  m_impl->glWidget->renderWindow()->AddRenderer(m_impl->renderer);

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
  vtkImageData* data = m_impl->imageData;
  data->SetDimensions(static_cast<int>(geometry.size[0]), static_cast<int>(geometry.size[1]),
                      static_cast<int>(geometry.size[2]));
  data->SetSpacing(geometry.spacing.data());
  data->SetOrigin(0.0, 0.0, 0.0);
  // Both layouts are x-fastest, so the voxels copy as one block.
  vtkNew<vtkFloatArray> scalars;
  scalars->SetName("intensity");
  scalars->SetNumberOfComponents(1);
  scalars->SetNumberOfTuples(static_cast<vtkIdType>(image.voxelCount()));
  std::memcpy(scalars->GetPointer(0), image.voxels().data(), image.voxelCount() * sizeof(float));
  data->GetPointData()->SetScalars(scalars);
  data->Modified();

  const vtkSmartPointer<vtkMatrix4x4> matrix = indexToPhysical(geometry);
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
