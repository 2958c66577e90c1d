#include "report/CurveFigure.h"

#include "common/Error.h"
#include "common/TextFileWriter.h"
#include "report/PngEncoder.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <utility>

namespace anomadiff {
namespace {

const cv::Scalar kBackground(255, 255, 255), kInk(40, 40, 40), kGrid(232, 232, 232),
    kChance(140, 140, 140);
/// Tableau's ten colours (BGR): distinct for most colour-blind readers and in greyscale print.
const cv::Scalar kPalette[] = {{180, 119, 31},  {14, 127, 255}, {44, 160, 44},   {40, 39, 214},
                               {189, 103, 148}, {75, 86, 140},  {194, 119, 227}, {127, 127, 127},
                               {34, 189, 188},  {207, 190, 23}};
constexpr double kTextScale = 0.45;

cv::Point pixel(double x, double y) {
  return {
      CurveFigure::kPlotLeft + static_cast<int>(std::lround(x * CurveFigure::kPlotSize)),
      CurveFigure::kPlotTop + static_cast<int>(std::lround((1.0 - y) * CurveFigure::kPlotSize))};
}

std::string formatNumber(double value, const char* format) {
  char text[32];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

void centredText(cv::Mat& figure, const std::string& text, cv::Point centre, double scale) {
  int baseline = 0;
  const cv::Size size = cv::getTextSize(text, cv::FONT_HERSHEY_SIMPLEX, scale, 1, &baseline);
  cv::putText(figure, text, {centre.x - size.width / 2, centre.y + size.height / 2},
              cv::FONT_HERSHEY_SIMPLEX, scale, kInk, 1, cv::LINE_AA);
}

/// OpenCV writes only horizontally: the y label is drawn on its own strip and turned.
void verticalText(cv::Mat& figure, const std::string& text, cv::Point centre) {
  int baseline = 0;
  const cv::Size size = cv::getTextSize(text, cv::FONT_HERSHEY_SIMPLEX, 0.5, 1, &baseline);
  cv::Mat strip(size.height + baseline + 4, size.width + 4, CV_8UC3, kBackground);
  cv::putText(strip, text, {2, size.height + 2}, cv::FONT_HERSHEY_SIMPLEX, 0.5, kInk, 1,
              cv::LINE_AA);
  cv::rotate(strip, strip, cv::ROTATE_90_COUNTERCLOCKWISE);
  strip.copyTo(figure(
      cv::Rect(centre.x - strip.cols / 2, centre.y - strip.rows / 2, strip.cols, strip.rows)));
}

void dashedLine(cv::Mat& figure, cv::Point from, cv::Point to, const cv::Scalar& colour) {
  constexpr double kDash = 8.0, kGap = 6.0;
  const cv::Point2d step = cv::Point2d(to - from);
  const double length = std::hypot(step.x, step.y);
  for (double start = 0.0; start < length; start += kDash + kGap) {
    const double end = std::min(length, start + kDash);
    cv::line(figure, cv::Point2d(from) + step * (start / length),
             cv::Point2d(from) + step * (end / length), colour, 2, cv::LINE_8);
  }
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

const cv::Scalar& colour(std::size_t curve) {
  return kPalette[curve % std::size(kPalette)];
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
