#pragma once

#include "image/ImageGeometry.h"
#include "localize/BoundingBox.h"

#include <vtkNew.h>
#include <vtkSmartPointer.h>

#include <array>
#include <optional>
#include <vector>

class vtkActor;
class vtkCellPicker;
class vtkRenderer;

// Private to gui/ .cpp files (it names VTK types); VolumeView.h stays VTK-free.
namespace anomadiff::gui {

/// VolumeView's findings: each box drawn as the 12 edges of its voxel block in physical space,
/// the selected one in a brighter colour and thicker, and picked back from a click.
class BoxOutlines {
 public:
  /// Adds nothing yet; boxes go to `renderer`, which must outlive this object.
  explicit BoxOutlines(vtkRenderer* renderer);
  ~BoxOutlines();

  BoxOutlines(const BoxOutlines&) = delete;
  BoxOutlines& operator=(const BoxOutlines&) = delete;

  /// Replaces the outlines. A box covers the voxels [x, x + width) etc., so its edges lie half a
  /// voxel outside their centres; placed by `geometry` (spacing, origin, direction).
  void setBoxes(const std::vector<BoundingBox>& boxes, const ImageGeometry& geometry);
  void clear();
  std::size_t count() const;

  /// Highlights the box with this id; an id no box has highlights none.
  void setSelected(int id);

  /// The id of the box whose outline is at this display position (VTK display coordinates:
  /// device pixels, origin bottom-left), if any.
  std::optional<int> boxAt(double displayX, double displayY);

  static std::array<double, 3> color();
  static std::array<double, 3> selectedColor();

 private:
  struct Outline {
    int id = 0;
    vtkSmartPointer<vtkActor> actor;
  };

  void applyStyle(const Outline& outline) const;

  vtkSmartPointer<vtkRenderer> m_renderer;
  vtkNew<vtkCellPicker> m_picker;
  std::vector<Outline> m_outlines;
  int m_selected = -1;
};

}  // namespace anomadiff::gui
