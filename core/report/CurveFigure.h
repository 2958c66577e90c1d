#pragma once

#include "localize/PixelScores.h"

#include <filesystem>
#include <string>
#include <vector>

namespace anomadiff {

/// One method's curve on a CurveFigure.
struct CurveSeries {
  std::string name;                ///< the method, in the legend (ASCII: OpenCV's fonts)
  double area = 0.0;               ///< its AP or AUROC, in the legend after the name
  std::vector<CurvePoint> points;  ///< e.g. PixelScores::curve()
};

/// A precision-recall or ROC plot as PNG for the evaluate outputs: unit axes with ticks, labels
/// and a grid, one colour per method, the dashed chance line (ROC: the diagonal; PR: precision =
/// prevalence) and a legend under the plot naming each method with its AP or AUROC. PR curves are
/// drawn as steps and ROC curves as straight segments, so the area under each drawn line is the
/// AP or AUROC (PixelScores::summary()) that the legend quotes.
class CurveFigure {
 public:
  enum class Kind { PrecisionRecall, Roc };

  /// Layout, public for tests that probe pixels: the plot's unit square spans
  /// [kPlotLeft, kPlotLeft + kPlotSize] across and [kPlotTop, kPlotTop + kPlotSize] down, y up.
  static constexpr int kWidth = 620, kPlotLeft = 80, kPlotTop = 50, kPlotSize = 500;
  static constexpr int kLegendTop = kPlotTop + kPlotSize + 62, kLegendLine = 22;

  /// `prevalence` (positives / all) is the chance level. Throws InvalidArgument outside (0, 1).
  static CurveFigure precisionRecall(std::string title, double prevalence);
  static CurveFigure roc(std::string title);

  /// PNG bytes. Throws InvalidArgument for no curves, a curve without points, or a point
  /// outside the unit square.
  std::string png(const std::vector<CurveSeries>& curves) const;
  /// Writes png() atomically.
  void write(const std::vector<CurveSeries>& curves, const std::filesystem::path& path) const;
  /// Figure height: the legend has a line per curve and one for chance.
  static int height(std::size_t curveCount);

 private:
  CurveFigure(Kind kind, std::string title, double prevalence)
      : m_kind(kind), m_title(std::move(title)), m_prevalence(prevalence) {}

  Kind m_kind;
  std::string m_title;
  double m_prevalence;
};

}  // namespace anomadiff
