#include "report/FrocFigure.h"

#include "common/Error.h"
#include "common/TextFileWriter.h"
#include "report/PlotPrimitives.h"
#include "report/PngEncoder.h"

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <utility>

namespace anomadiff {
namespace {

/// Grid lines across: 8 intervals, labelled every second one.
constexpr int kRateIntervals = 8;

/// (rate, sensitivity) → pixel, for rates in [0, maxRate].
cv::Point pixel(double rate, double sensitivity, double maxRate) {
  return {FrocFigure::kPlotLeft +
              static_cast<int>(std::lround(rate / maxRate * FrocFigure::kPlotWidth)),
          FrocFigure::kPlotTop +
              static_cast<int>(std::lround((1.0 - sensitivity) * FrocFigure::kPlotHeight))};
}

void drawAxes(cv::Mat& figure, double maxRate) {
  for (int i = 0; i <= kRateIntervals; ++i) {
    const double rate = maxRate * i / kRateIntervals;
    cv::line(figure, pixel(rate, 0.0, maxRate), pixel(rate, 1.0, maxRate), plot::kGrid, 1);
    if (i % 2 != 0) continue;
    const cv::Point bottom = pixel(rate, 0.0, maxRate);
    cv::line(figure, bottom, bottom + cv::Point(0, 5), plot::kInk, 1);
    plot::centredText(figure, plot::formatNumber(rate, "%.3g"), bottom + cv::Point(0, 18),
                      plot::kTextScale);
  }
  for (int i = 0; i <= 10; ++i) {
    cv::line(figure, pixel(0.0, i / 10.0, maxRate), pixel(maxRate, i / 10.0, maxRate), plot::kGrid,
             1);
    if (i % 2 != 0) continue;
    const cv::Point left = pixel(0.0, i / 10.0, maxRate);
    cv::line(figure, left, left - cv::Point(5, 0), plot::kInk, 1);
    plot::centredText(figure, plot::formatNumber(i / 10.0, "%.1f"), left - cv::Point(24, 0),
                      plot::kTextScale);
  }
  cv::rectangle(figure, pixel(0.0, 1.0, maxRate), pixel(maxRate, 0.0, maxRate), plot::kInk, 1);
  plot::centredText(figure, "mean false boxes per healthy slice",
                    pixel(maxRate / 2.0, 0.0, maxRate) + cv::Point(0, 42), 0.5);
  plot::verticalText(figure, "lesion sensitivity", pixel(0.0, 0.5, maxRate) - cv::Point(62, 0));
}

void requireDrawable(const FrocSeries& curve) {
  if (curve.points.empty()) throw InvalidArgument("FROC curve '" + curve.name + "' has no points");
  for (const auto& p : curve.points) {
    // Written so that NaN fails too.
    if (!(p.falseBoxesPerSlice >= 0.0) || !(p.sensitivity >= 0.0 && p.sensitivity <= 1.0)) {
      throw InvalidArgument("FROC curve '" + curve.name + "' has a point off the plot");
    }
  }
}

/// The curve up to maxRate; the segment that crosses it ends where it crosses.
std::vector<cv::Point> segments(const FrocSeries& curve, double maxRate) {
  std::vector<cv::Point> line;
  for (std::size_t i = 0; i < curve.points.size(); ++i) {
    const FrocPoint& p = curve.points[i];
    if (p.falseBoxesPerSlice <= maxRate) {
      line.push_back(pixel(p.falseBoxesPerSlice, p.sensitivity, maxRate));
      continue;
    }
    if (i > 0) {
      const FrocPoint& q = curve.points[i - 1];
      const double t =
          (maxRate - q.falseBoxesPerSlice) / (p.falseBoxesPerSlice - q.falseBoxesPerSlice);
      line.push_back(pixel(maxRate, q.sensitivity + t * (p.sensitivity - q.sensitivity), maxRate));
    }
    break;
  }
  return line;
}

int legendY(std::size_t row) {
  return FrocFigure::kLegendTop + FrocFigure::kLegendLine * static_cast<int>(row);
}

}  // namespace

FrocFigure::FrocFigure(std::string title, double maxFalseBoxesPerSlice, std::vector<double> marks)
    : m_title(std::move(title)), m_maxRate(maxFalseBoxesPerSlice), m_marks(std::move(marks)) {
  if (!(m_maxRate > 0.0) || !std::isfinite(m_maxRate)) {
    throw InvalidArgument("FROC figure needs a positive largest rate, not " +
                          std::to_string(m_maxRate));
  }
}

int FrocFigure::height(std::size_t curveCount) {
  return kLegendTop + kLegendLine * static_cast<int>(curveCount) + 8;
}

std::string FrocFigure::png(const std::vector<FrocSeries>& curves) const {
  if (curves.empty()) throw InvalidArgument("a FROC figure needs at least one curve");
  for (const auto& curve : curves) requireDrawable(curve);
  cv::Mat figure(height(curves.size()), kWidth, CV_8UC3, plot::kBackground);
  plot::centredText(figure, m_title, {kWidth / 2, kPlotTop / 2}, 0.55);
  drawAxes(figure, m_maxRate);
  for (const double mark : m_marks) {
    if (!(mark > 0.0 && mark < m_maxRate)) continue;
    plot::dashedLine(figure, pixel(mark, 0.0, m_maxRate), pixel(mark, 1.0, m_maxRate),
                     plot::kChance);
  }
  for (std::size_t c = 0; c < curves.size(); ++c) {
    const auto line = segments(curves[c], m_maxRate);
    if (line.size() >= 2) cv::polylines(figure, line, false, plot::colour(c), 2, cv::LINE_AA);
    const cv::Point swatch(kPlotLeft, legendY(c));
    cv::line(figure, swatch, swatch + cv::Point(34, 0), plot::colour(c), 3, cv::LINE_AA);
    cv::putText(figure, curves[c].name, {kPlotLeft + 44, legendY(c) + 5}, cv::FONT_HERSHEY_SIMPLEX,
                0.5, plot::kInk, 1, cv::LINE_AA);
  }
  return PngEncoder::encodeBgr(figure.data, figure.cols, figure.rows, figure.step);
}

void FrocFigure::write(const std::vector<FrocSeries>& curves,
                       const std::filesystem::path& path) const {
  TextFileWriter().write(path, png(curves));
}

}  // namespace anomadiff
