#pragma once

#include "image/Image.h"

class vtkImageData;

// Private to gui/ .cpp files: shared by the VTK views that upload images.
namespace anomadiff::gui {

/// Copies the voxels and spacing of `image` into `data` as one float component named `name`,
/// with the origin at 0: placement in physical space is the prop matrix's job
/// (indexToPhysicalMatrix), so every layer of a view shares it.
void copyToVtk(const Image& image, vtkImageData* data, const char* name);

}  // namespace anomadiff::gui
