#pragma once

#include "localize/FrocCurve.h"

#include <filesystem>
#include <string>
#include <vector>

namespace anomadiff {

/// One gate statistic's curve on a FrocFigure.
struct FrocSeries {
  std::string name;               ///< in the legend (ASCII: OpenCV's fonts)
  std::vector<FrocPoint> points;  ///< FrocCurve::curve(), by rising false boxes per slice
};

/// A FROC plot as PNG for the evaluate outputs: lesion sensitivity (0–1, up) against mean false
/// boxes per healthy slice (0 to a chosen maximum, across; the curve is cut there), with grid,
/// ticks, one colour per curve, dashed vertical marks at chosen rates (e.g. the calibration's
/// 0.2) and a legend under the plot. Curves are straight segments between operating points.
class FrocFigure {
 public:
  /// Layout, public for tests that probe pixels: the plot spans [kPlotLeft, kPlotLeft +
  /// kPlotWidth] across (0 to the maximum rate) and [kPlotTop, kPlotTop + kPlotHeight] down
  /// (sensitivity 1 to 0).
  static constexpr int kWidth = 620, kPlotLeft = 80, kPlotTop = 50, kPlotWidth = 500,
                       kPlotHeight = 400;
  static constexpr int kLegendTop = kPlotTop + kPlotHeight + 62, kLegendLine = 22;

  /// Throws InvalidArgument when `maxFalseBoxesPerSlice` is not > 0.
  FrocFigure(std::string title, double maxFalseBoxesPerSlice, std::vector<double> marks);

  /// PNG bytes. Throws InvalidArgument for no curves, a curve without points, or a point with
  /// a negative rate or a sensitivity outside [0, 1].
  std::string png(const std::vector<FrocSeries>& curves) const;
  /// Writes png() atomically.
  void write(const std::vector<FrocSeries>& curves, const std::filesystem::path& path) const;
  /// Figure height: the legend has a line per curve.
  static int height(std::size_t curveCount);

 private:
  std::string m_title;
  double m_maxRate;
  std::vector<double> m_marks;
};

}  // namespace anomadiff
