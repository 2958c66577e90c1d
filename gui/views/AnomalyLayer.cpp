#include "views/AnomalyLayer.h"

#include "views/CopyToVtk.h"
#include "views/IndexToPhysical.h"

#include <vtkActor.h>
#include <vtkFlyingEdges3D.h>
#include <vtkImageActor.h>
#include <vtkImageData.h>
#include <vtkImageProperty.h>
#include <vtkMatrix4x4.h>
#include <vtkPointData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkUnsignedCharArray.h>

#include <cmath>
#include <span>

namespace anomadiff::gui {

namespace {

// Orange-red: apart from the grey ramp of the image and from the cool colour of the boxes.
constexpr std::array<double, 3> kColor{1.0, 0.42, 0.08};
// Translucent so the anatomy behind the anomaly stays readable.
constexpr double kSurfaceOpacity = 0.6;
constexpr double kPixelOpacity = 0.55;

unsigned char toByte(double fraction) {
  return static_cast<unsigned char>(std::lround(255.0 * fraction));
}

}  // namespace

AnomalyLayer::AnomalyLayer(vtkRenderer* renderer) : m_renderer(renderer) {
  m_contour->SetInputData(m_map);
  m_contour->ComputeNormalsOn();
  m_contour->ComputeScalarsOff();
  m_mapper->SetInputConnection(m_contour->GetOutputPort());
  m_mapper->ScalarVisibilityOff();
  m_surface->SetMapper(m_mapper);
  vtkProperty* property = m_surface->GetProperty();
  property->SetColor(kColor[0], kColor[1], kColor[2]);
  property->SetOpacity(kSurfaceOpacity);
  property->SetAmbient(0.3);
  property->SetDiffuse(0.7);
  property->SetSpecular(0.1);
  m_surface->PickableOff();
  m_surface->VisibilityOff();
  m_renderer->AddActor(m_surface);

  // Nearest: an anomaly pixel should look like the pixel that was scored.
  m_overlay->GetProperty()->SetInterpolationTypeToNearest();
  m_overlay->PickableOff();
  m_overlay->VisibilityOff();
  m_renderer->AddActor(m_overlay);
}

AnomalyLayer::~AnomalyLayer() {
  m_renderer->RemoveActor(m_surface);
  m_renderer->RemoveActor(m_overlay);
}

void AnomalyLayer::show(const Image& map, const ImageGeometry& geometry, double threshold) {
  if (geometry.is2D()) {
    showPixels(map, geometry, threshold);
  } else {
    showSurface(map, geometry, threshold);
  }
}

void AnomalyLayer::showSurface(const Image& map, const ImageGeometry& geometry, double threshold) {
  copyToVtk(map, m_map, "anomaly");
  // Only the grid size of the map is checked; the image's spacing places it.
  m_map->SetSpacing(geometry.spacing.data());
  m_contour->SetValue(0, threshold);
  m_surface->SetUserMatrix(indexToPhysicalMatrix(geometry));
  m_surface->VisibilityOn();
  m_overlay->VisibilityOff();
}

void AnomalyLayer::showPixels(const Image& map, const ImageGeometry& geometry, double threshold) {
  m_pixels->SetDimensions(static_cast<int>(geometry.size[0]), static_cast<int>(geometry.size[1]),
                          1);
  m_pixels->SetSpacing(geometry.spacing.data());
  m_pixels->SetOrigin(0.0, 0.0, 0.0);
  // RGBA bytes: the image actor shows them as they are and blends by their alpha.
  vtkNew<vtkUnsignedCharArray> rgba;
  rgba->SetNumberOfComponents(4);
  rgba->SetNumberOfTuples(static_cast<vtkIdType>(map.voxelCount()));
  const std::array<unsigned char, 4> above{toByte(kColor[0]), toByte(kColor[1]), toByte(kColor[2]),
                                           toByte(kPixelOpacity)};
  const std::array<unsigned char, 4> below{0, 0, 0, 0};
  const std::span<const float> values = map.voxels();
  for (std::size_t i = 0; i < values.size(); ++i) {
    // "> threshold" as the box finders binarise the map.
    rgba->SetTypedTuple(static_cast<vtkIdType>(i),
                        values[i] > threshold ? above.data() : below.data());
  }
  m_pixels->GetPointData()->SetScalars(rgba);
  m_pixels->Modified();
  m_overlay->SetInputData(m_pixels);
  m_overlay->SetUserMatrix(indexToPhysicalMatrix(geometry));
  m_overlay->VisibilityOn();
  m_surface->VisibilityOff();
}

void AnomalyLayer::clear() {
  m_surface->VisibilityOff();
  m_overlay->VisibilityOff();
}

bool AnomalyLayer::isShown() const {
  return m_surface->GetVisibility() != 0 || m_overlay->GetVisibility() != 0;
}

std::array<double, 3> AnomalyLayer::color() {
  return kColor;
}

}  // namespace anomadiff::gui
