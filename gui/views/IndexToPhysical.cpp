#include "views/IndexToPhysical.h"

#include <vtkMatrix4x4.h>

namespace anomadiff::gui {

vtkSmartPointer<vtkMatrix4x4> indexToPhysicalMatrix(const ImageGeometry& geometry) {
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

std::array<double, 3> indexToPhysical(const ImageGeometry& geometry,
                                      const std::array<double, 3>& index) {
  std::array<double, 3> point = geometry.origin;
  for (std::size_t row = 0; row < 3; ++row) {
    for (std::size_t column = 0; column < 3; ++column) {
      point[row] += geometry.direction[row * 3 + column] * geometry.spacing[column] * index[column];
    }
  }
  return point;
}

}  // namespace anomadiff::gui
