#pragma once

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QSlider;

namespace anomadiff::gui {

class ComparisonView;

/// The overlay's display settings in one strip above the views: which map (anomaly or
/// variance), colormap, opacity, and a display threshold the reader can drag to see what lies
/// just below the calibrated one — without a new run (the mask and boxes keep the run's
/// threshold). Follows the heat map when a new result changes its range.
class OverlayControls : public QWidget {
  Q_OBJECT

 public:
  explicit OverlayControls(ComparisonView* comparison, QWidget* parent = nullptr);

  QSlider* thresholdSlider() const { return m_threshold; }
  QSlider* opacitySlider() const { return m_opacity; }
  QComboBox* colormapBox() const { return m_colormap; }
  /// Anomaly ↔ variance (the V key).
  void toggleKind();

 private:
  void syncFromLayer();
  void applyThreshold(int position);

  ComparisonView* m_comparison;
  QComboBox* m_kind = nullptr;
  QComboBox* m_colormap = nullptr;
  QSlider* m_opacity = nullptr;
  QSlider* m_threshold = nullptr;
  QLabel* m_thresholdValue = nullptr;
  QCheckBox* m_visible = nullptr;
};

}  // namespace anomadiff::gui
