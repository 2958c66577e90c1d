#pragma once

#include "image/Image.h"

#include <QWidget>

#include <memory>
#include <optional>

class QGridLayout;
class QLabel;
class QSlider;

namespace anomadiff::gui {

class CrosshairLayer;
class HeatMapLayer;
class SliceView;
class ViewerState;

/// The result of a localisation at a glance: input | pseudo-healthy reconstruction | input with
/// the anomaly (or variance) map over it, side by side with captions, and one slice slider under
/// them. The three views observe one ViewerState that shares orientation and window/level besides
/// cursor, slice and zoom/pan, so the same anatomy sits at the same place in each and input and
/// reconstruction are compared on one intensity scale (the worker returns the reconstruction in
/// the input's scale).
class ComparisonView : public QWidget {
  Q_OBJECT

 public:
  enum class OverlayKind { Anomaly, Variance };

  explicit ComparisonView(QWidget* parent = nullptr);
  ~ComparisonView() override;

  /// Shows a new input in the first and third views and clears any previous result.
  void setInput(std::shared_ptr<const Image> input);
  /// The remaining setters expect the input's grid; the views keep the input's slice and view
  /// (the state keeps them for an image on its grid).
  void setReconstruction(std::shared_ptr<const Image> reconstruction);
  void setAnomalyMap(std::shared_ptr<const Image> map);
  void setVarianceMap(std::shared_ptr<const Image> map);
  /// The run's threshold: the anomaly overlay starts from it (also after showing the variance).
  void setAnomalyThreshold(double threshold);
  /// Which map the third view shows; each has its own colormap and colour-bar title.
  void setOverlayKind(OverlayKind kind);
  OverlayKind overlayKind() const;
  /// Removes reconstruction and maps, keeping the input.
  void clearResult();

  std::shared_ptr<const Image> input() const { return m_input; }
  std::shared_ptr<const Image> anomalyMap() const { return m_anomalyMap; }
  std::optional<double> anomalyThreshold() const { return m_anomalyThreshold; }

  SliceView* inputView() const;
  SliceView* reconstructionView() const;
  SliceView* overlayView() const;
  HeatMapLayer* heatMapLayer() const;
  /// The navigation the three views share.
  ViewerState* viewerState() const;
  QSlider* sliceSlider() const;

 Q_SIGNALS:
  /// A new input (or none): other presentations of it (FourUpView) reload.
  void inputChanged();
  /// The anomaly map or its threshold changed (a result shown or cleared).
  void resultChanged();

 private:
  /// Adds `caption` over a new view of the shared state with a crosshair in `column`.
  SliceView* addColumn(int column, QLabel* caption);
  void updateOverlayMap();
  void updateSliderRange();

  QGridLayout* m_layout = nullptr;
  SliceView* m_inputView = nullptr;
  SliceView* m_reconstructionView = nullptr;
  SliceView* m_overlayView = nullptr;
  QLabel* m_overlayCaption = nullptr;
  HeatMapLayer* m_heatMap = nullptr;
  ViewerState* m_state = nullptr;
  QSlider* m_slider = nullptr;
  OverlayKind m_overlayKind = OverlayKind::Anomaly;
  std::shared_ptr<const Image> m_input;
  std::shared_ptr<const Image> m_anomalyMap;
  std::shared_ptr<const Image> m_varianceMap;
  std::optional<double> m_anomalyThreshold;
};

}  // namespace anomadiff::gui
