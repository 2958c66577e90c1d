#include "views/CopyToVtk.h"

#include <vtkFloatArray.h>
#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkPointData.h>

#include <cstring>

namespace anomadiff::gui {

void copyToVtk(const Image& image, vtkImageData* data, const char* name) {
  const ImageGeometry& geometry = image.geometry();
  data->SetDimensions(static_cast<int>(geometry.size[0]), static_cast<int>(geometry.size[1]),
                      static_cast<int>(geometry.size[2]));
  data->SetSpacing(geometry.spacing.data());
  data->SetOrigin(0.0, 0.0, 0.0);
  // Both layouts are x-fastest, so the voxels copy as one block.
  vtkNew<vtkFloatArray> scalars;
  scalars->SetName(name);
  scalars->SetNumberOfComponents(1);
  scalars->SetNumberOfTuples(static_cast<vtkIdType>(image.voxelCount()));
  std::memcpy(scalars->GetPointer(0), image.voxels().data(), image.voxelCount() * sizeof(float));
  data->GetPointData()->SetScalars(scalars);
  data->Modified();
}

}  // namespace anomadiff::gui
