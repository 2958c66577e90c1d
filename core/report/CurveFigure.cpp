#include "report/CurveFigure.h"

#include "common/Error.h"
#include "common/TextFileWriter.h"
#include "report/PlotPrimitives.h"
#include "report/PngEncoder.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <utility>

namespace anomadiff {
namespace {

using plot::centredText;
using plot::colour;
using plot::dashedLine;
using plot::formatNumber;
using plot::kBackground;
using plot::kChance;
using plot::kGrid;
using plot::kInk;
using plot::kTextScale;
using plot::verticalText;

cv::Point pixel(double x, double y) {
  return {
      CurveFigure::kPlotLeft + static_cast<int>(std::lround(x * CurveFigure::kPlotSize)),
      CurveFigure::kPlotTop + static_cast<int>(std::lround((1.0 - y) * CurveFigure::kPlotSize))};
}

/// Grid every 0.1, ticks and labels every 0.2, the frame.
void drawAxes(cv::Mat& figure, const std::string& xLabel, const std::string& yLabel) {
  for (int i = 0; i <= 10; ++i) {
    cv::line(figure, pixel(i / 10.0, 0.0), pixel(i / 10.0, 1.0), kGrid, 1);
    cv::line(figure, pixel(0.0, i / 10.0), pixel(1.0, i / 10.0), kGrid, 1);
  }
  for (int i = 0; i <= 10; i += 2) {
    const std::string label = formatNumber(i / 10.0, "%.1f");
    const cv::Point bottom = pixel(i / 10.0, 0.0), left = pixel(0.0, i / 10.0);
    cv::line(figure, bottom, bottom + cv::Point(0, 5), kInk, 1);
    cv::line(figure, left, left - cv::Point(5, 0), kInk, 1);
    centredText(figure, label, bottom + cv::Point(0, 18), kTextScale);
    centredText(figure, label, left - cv::Point(24, 0), kTextScale);
  }
  cv::rectangle(figure, pixel(0.0, 1.0), pixel(1.0, 0.0), kInk, 1);
  centredText(figure, xLabel, pixel(0.5, 0.0) + cv::Point(0, 42), 0.5);
  verticalText(figure, yLabel, pixel(0.0, 0.5) - cv::Point(62, 0));
}

void requireDrawable(const CurveSeries& curve) {
  if (curve.points.empty()) throw InvalidArgument("curve '" + curve.name + "' has no points");
  const auto inUnit = [](double v) { return v >= 0.0 && v <= 1.0; };  // false for NaN
  for (const auto& p : curve.points) {
    if (!inUnit(p.recall) || !inUnit(p.precision) || !inUnit(p.falsePositiveRate)) {
      throw InvalidArgument("curve '" + curve.name + "' has a point outside the unit square");
    }
  }
}

/// Precision p_i holds over the whole recall interval (r_{i-1}, r_i], as AP sums it.
std::vector<cv::Point> precisionRecallSteps(const CurveSeries& curve) {
  std::vector<cv::Point> line;
  for (std::size_t i = 0; i < curve.points.size(); ++i) {
    const CurvePoint& p = curve.points[i];
    if (i > 0) line.push_back(pixel(curve.points[i - 1].recall, p.precision));
    line.push_back(pixel(p.recall, p.precision));
  }
  return line;
}

/// Straight segments between operating points, as the trapezoids of AUROC.
std::vector<cv::Point> rocSegments(const CurveSeries& curve) {
  std::vector<cv::Point> line;
  for (const CurvePoint& p : curve.points) line.push_back(pixel(p.falsePositiveRate, p.recall));
  return line;
}

int legendY(std::size_t row) {
  return CurveFigure::kLegendTop + CurveFigure::kLegendLine * static_cast<int>(row);
}

std::pair<cv::Point, cv::Point> legendSwatch(std::size_t row) {
  return {{CurveFigure::kPlotLeft, legendY(row)}, {CurveFigure::kPlotLeft + 34, legendY(row)}};
}

void legendRow(cv::Mat& figure, std::size_t row, const std::string& text) {
  cv::putText(figure, text, {CurveFigure::kPlotLeft + 44, legendY(row) + 5},
              cv::FONT_HERSHEY_SIMPLEX, 0.5, kInk, 1, cv::LINE_AA);
}

}  // namespace

CurveFigure CurveFigure::precisionRecall(std::string title, double prevalence) {
  if (!(prevalence > 0.0 && prevalence < 1.0)) {
    throw InvalidArgument("PR chance level (prevalence) " + std::to_string(prevalence) +
                          " is not in (0, 1)");
  }
  return {Kind::PrecisionRecall, std::move(title), prevalence};
}

CurveFigure CurveFigure::roc(std::string title) {
  return {Kind::Roc, std::move(title), 0.5};
}

int CurveFigure::height(std::size_t curveCount) {
  return kLegendTop + kLegendLine * static_cast<int>(curveCount + 1) + 8;
}

std::string CurveFigure::png(const std::vector<CurveSeries>& curves) const {
  if (curves.empty()) throw InvalidArgument("a curve figure needs at least one curve");
  for (const auto& curve : curves) requireDrawable(curve);
  const bool pr = m_kind == Kind::PrecisionRecall;
  cv::Mat figure(height(curves.size()), kWidth, CV_8UC3, kBackground);
  centredText(figure, m_title, {kWidth / 2, kPlotTop / 2}, 0.55);
  drawAxes(figure, pr ? "recall" : "false-positive rate",
           pr ? "precision" : "true-positive rate (recall)");
  const double chance = pr ? m_prevalence : 0.0;
  dashedLine(figure, pixel(0.0, chance), pixel(1.0, pr ? chance : 1.0), kChance);
  for (std::size_t c = 0; c < curves.size(); ++c) {
    cv::polylines(figure, pr ? precisionRecallSteps(curves[c]) : rocSegments(curves[c]), false,
                  colour(c), 2, cv::LINE_AA);
    legendRow(figure, c,
              curves[c].name + (pr ? "  AP " : "  AUROC ") + formatNumber(curves[c].area, "%.3f"));
    cv::line(figure, legendSwatch(c).first, legendSwatch(c).second, colour(c), 3, cv::LINE_AA);
  }
  legendRow(figure, curves.size(),
            "chance  " + (pr ? "AP " + formatNumber(m_prevalence, "%.3f") + " (the prevalence)"
                             : std::string("AUROC 0.500")));
  dashedLine(figure, legendSwatch(curves.size()).first, legendSwatch(curves.size()).second,
             kChance);
  return PngEncoder::encodeBgr(figure.data, figure.cols, figure.rows, figure.step);
}

void CurveFigure::write(const std::vector<CurveSeries>& curves,
                        const std::filesystem::path& path) const {
  TextFileWriter().write(path, png(curves));
}

}  // namespace anomadiff
