#pragma once

#include "image/Image.h"

#include <vtkNew.h>
#include <vtkSmartPointer.h>

#include <array>

class vtkActor;
class vtkFlyingEdges3D;
class vtkImageActor;
class vtkImageData;
class vtkPolyDataMapper;
class vtkRenderer;

// Private to gui/ .cpp files (it names VTK types); VolumeView.h stays VTK-free.
namespace anomadiff::gui {

/// VolumeView's anomaly map: for a volume, a translucent isosurface where the map crosses the
/// threshold; for a 2D image, the pixels above the threshold as a translucent coloured texture
/// over the slice. It belongs in an overlay renderer: rays through a brain saturate long before
/// they reach a lesion inside it, so in the volume's own depth order the anomaly would be hidden.
class AnomalyLayer {
 public:
  /// Adds the (hidden) layer props to `renderer`, which must outlive this layer.
  explicit AnomalyLayer(vtkRenderer* renderer);
  ~AnomalyLayer();

  AnomalyLayer(const AnomalyLayer&) = delete;
  AnomalyLayer& operator=(const AnomalyLayer&) = delete;

  /// Shows `map` placed by `geometry` (the image's; the map has the same grid). A 2D geometry
  /// (depth 1) gets the pixel overlay, anything else the isosurface.
  void show(const Image& map, const ImageGeometry& geometry, double threshold);
  void clear();
  bool isShown() const;

  /// The warm colour of the layer (RGB in [0, 1]).
  static std::array<double, 3> color();

 private:
  void showSurface(const Image& map, const ImageGeometry& geometry, double threshold);
  void showPixels(const Image& map, const ImageGeometry& geometry, double threshold);

  vtkSmartPointer<vtkRenderer> m_renderer;
  vtkNew<vtkImageData> m_map;
  vtkNew<vtkFlyingEdges3D> m_contour;
  vtkNew<vtkPolyDataMapper> m_mapper;
  vtkNew<vtkActor> m_surface;
  vtkNew<vtkImageData> m_pixels;
  vtkNew<vtkImageActor> m_overlay;
};

}  // namespace anomadiff::gui
