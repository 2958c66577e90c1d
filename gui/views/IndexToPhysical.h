#pragma once

#include "image/ImageGeometry.h"

#include <vtkSmartPointer.h>

#include <array>

class vtkMatrix4x4;

// Private to gui/ .cpp files (it names VTK types): the views that draw in physical space share it.
namespace anomadiff::gui {

/// The prop matrix that places VTK image data (which carries only the spacing) in physical space:
/// direction and origin, so index (i, j, k) lands at origin + direction * diag(spacing) * index as
/// in ITK. A prop matrix rather than vtkImageData's direction, whose support differs by mapper.
vtkSmartPointer<vtkMatrix4x4> indexToPhysicalMatrix(const ImageGeometry& geometry);

/// The physical position of a (possibly fractional) voxel index.
std::array<double, 3> indexToPhysical(const ImageGeometry& geometry,
                                      const std::array<double, 3>& index);

}  // namespace anomadiff::gui
