#include "views/BoxOutlines.h"

#include "views/IndexToPhysical.h"

#include <vtkActor.h>
#include <vtkCellArray.h>
#include <vtkCellPicker.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>

#include <algorithm>

namespace anomadiff::gui {

namespace {

// Cyan: cool against the warm anomaly layer and the grey image; yellow stands out from both.
constexpr std::array<double, 3> kColor{0.15, 0.85, 1.0};
constexpr std::array<double, 3> kSelectedColor{1.0, 0.92, 0.1};
constexpr float kLineWidth = 2.0F;
constexpr float kSelectedLineWidth = 4.0F;
// Pick tolerance as a fraction of the window diagonal: a few pixels around a thin line.
constexpr double kPickTolerance = 0.01;

// The 8 corners of the box's voxel block; corner bit 0 picks x high, bit 1 y, bit 2 z.
vtkSmartPointer<vtkPoints> cornersOf(const BoundingBox& box, const ImageGeometry& geometry) {
  const auto low = [](std::size_t start) { return static_cast<double>(start) - 0.5; };
  const auto high = [](std::size_t start, std::size_t extent) {
    return static_cast<double>(start + extent) - 0.5;
  };
  std::array<double, 2> xs{low(box.x), high(box.x, box.width)};
  std::array<double, 2> ys{low(box.y), high(box.y, box.height)};
  std::array<double, 2> zs{low(box.z), high(box.z, box.depth)};
  if (geometry.is2D()) {
    // Flat on the slice: a slab one voxel thick would show two rectangles in perspective.
    zs = {0.0, 0.0};
  }
  auto points = vtkSmartPointer<vtkPoints>::New();
  for (int corner = 0; corner < 8; ++corner) {
    const std::array<double, 3> physical =
        indexToPhysical(geometry, {xs[corner & 1], ys[(corner >> 1) & 1], zs[(corner >> 2) & 1]});
    points->InsertNextPoint(physical.data());
  }
  return points;
}

// The 12 edges: corners that differ in exactly one bit.
vtkSmartPointer<vtkCellArray> edgesOfBox() {
  auto lines = vtkSmartPointer<vtkCellArray>::New();
  for (vtkIdType corner = 0; corner < 8; ++corner) {
    for (const vtkIdType bit : {1, 2, 4}) {
      if ((corner & bit) == 0) {
        const vtkIdType edge[2] = {corner, corner | bit};
        lines->InsertNextCell(2, edge);
      }
    }
  }
  return lines;
}

vtkSmartPointer<vtkActor> outlineActor(const BoundingBox& box, const ImageGeometry& geometry) {
  vtkNew<vtkPolyData> outline;
  outline->SetPoints(cornersOf(box, geometry));
  outline->SetLines(edgesOfBox());
  vtkNew<vtkPolyDataMapper> mapper;
  mapper->SetInputData(outline);
  auto actor = vtkSmartPointer<vtkActor>::New();
  actor->SetMapper(mapper);
  // Flat colour: shading would darken edges seen end-on.
  actor->GetProperty()->LightingOff();
  return actor;
}

}  // namespace

BoxOutlines::BoxOutlines(vtkRenderer* renderer) : m_renderer(renderer) {
  // Only the outlines can be picked: the image and the anomaly layer must not shadow them.
  m_picker->PickFromListOn();
  m_picker->SetTolerance(kPickTolerance);
}

BoxOutlines::~BoxOutlines() {
  clear();
}

void BoxOutlines::setBoxes(const std::vector<BoundingBox>& boxes, const ImageGeometry& geometry) {
  clear();
  for (const BoundingBox& box : boxes) {
    Outline outline{box.id, outlineActor(box, geometry)};
    applyStyle(outline);
    m_renderer->AddActor(outline.actor);
    m_picker->AddPickList(outline.actor);
    m_outlines.push_back(std::move(outline));
  }
}

void BoxOutlines::clear() {
  for (const Outline& outline : m_outlines) {
    m_renderer->RemoveActor(outline.actor);
  }
  m_picker->InitializePickList();
  m_outlines.clear();
}

std::size_t BoxOutlines::count() const {
  return m_outlines.size();
}

void BoxOutlines::setSelected(int id) {
  m_selected = id;
  for (const Outline& outline : m_outlines) {
    applyStyle(outline);
  }
}

std::optional<int> BoxOutlines::boxAt(double displayX, double displayY) {
  if (m_outlines.empty() || m_picker->Pick(displayX, displayY, 0.0, m_renderer) == 0) {
    return std::nullopt;
  }
  const vtkActor* picked = m_picker->GetActor();
  const auto found = std::find_if(m_outlines.begin(), m_outlines.end(),
                                  [picked](const Outline& o) { return o.actor == picked; });
  if (found == m_outlines.end()) {
    return std::nullopt;
  }
  return found->id;
}

std::array<double, 3> BoxOutlines::color() {
  return kColor;
}

std::array<double, 3> BoxOutlines::selectedColor() {
  return kSelectedColor;
}

void BoxOutlines::applyStyle(const Outline& outline) const {
  const bool selected = outline.id == m_selected;
  vtkProperty* property = outline.actor->GetProperty();
  const std::array<double, 3>& color = selected ? kSelectedColor : kColor;
  property->SetColor(color[0], color[1], color[2]);
  property->SetLineWidth(selected ? kSelectedLineWidth : kLineWidth);
}

}  // namespace anomadiff::gui
