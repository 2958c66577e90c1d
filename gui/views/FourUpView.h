#pragma once

#include <QWidget>

namespace anomadiff::gui {

class ComparisonView;
class HeatMapLayer;
class SliceView;
class ViewerState;
class VolumeView;

/// The layout of ITK-SNAP and 3D Slicer beside the comparison layout: axial, coronal and
/// sagittal views of the input with the anomaly map over it, and a 3D view, two by two. It
/// presents what a ComparisonView holds (input, anomaly map, threshold), following it, so the
/// analysis has one place to put a result. The slice views observe one ViewerState that shares
/// the window: a click in one moves the cursor, and with it the other two to the clicked voxel,
/// so all three cross there.
class FourUpView : public QWidget {
  Q_OBJECT

 public:
  /// `source` is followed, not owned.
  explicit FourUpView(ComparisonView* source, QWidget* parent = nullptr);

  SliceView* axialView() const { return m_views[0]; }
  SliceView* coronalView() const { return m_views[1]; }
  SliceView* sagittalView() const { return m_views[2]; }
  VolumeView* volumeView() const { return m_volume; }
  HeatMapLayer* heatMapLayer(int view) const { return m_heatMaps[view]; }
  ViewerState* viewerState() const { return m_state; }

 private:
  void showInput();
  void showResult();

  ComparisonView* m_source;
  SliceView* m_views[3] = {};
  HeatMapLayer* m_heatMaps[3] = {};
  ViewerState* m_state = nullptr;
  VolumeView* m_volume = nullptr;
};

}  // namespace anomadiff::gui
