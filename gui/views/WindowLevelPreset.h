#pragma once

#include "image/Image.h"

#include <QString>

#include <vector>

namespace anomadiff::gui {

/// A named window/level rule. Rules are intensity percentiles (or the full range) rather than
/// fixed numbers, because MRI has no calibrated scale: the same rule fits a 0..1 normalised
/// volume and a 0..4095 scanner export.
class WindowLevelPreset {
 public:
  /// Window from the `lowFraction` to the `highFraction` percentile (fractions in [0, 1]).
  static WindowLevelPreset percentiles(QString name, double lowFraction, double highFraction);
  /// Window over the smallest to the largest finite voxel.
  static WindowLevelPreset fullRange(QString name);

  /// "Auto (1–99 %)" first (the views' default), then the others in menu order.
  static std::vector<WindowLevelPreset> standardPresets();

  const QString& name() const { return m_name; }

  struct WindowLevel {
    double window = 1.0;
    double level = 0.5;
  };
  /// The window/level this rule gives for `image`. A range of zero width (constant image, or
  /// percentiles that coincide on a mostly-zero volume) widens to the full range, then to a unit
  /// window centred on the value so the image still shows mid-grey.
  WindowLevel compute(const Image& image) const;

 private:
  WindowLevelPreset(QString name, bool fullRange, double lowFraction, double highFraction);

  QString m_name;
  bool m_fullRange = false;
  double m_lowFraction = 0.0;
  double m_highFraction = 1.0;
};

}  // namespace anomadiff::gui
