#include "report/PlotPrimitives.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>

namespace anomadiff::plot {
namespace {

const cv::Scalar kPalette[] = {{180, 119, 31},  {14, 127, 255}, {44, 160, 44},   {40, 39, 214},
                               {189, 103, 148}, {75, 86, 140},  {194, 119, 227}, {127, 127, 127},
                               {34, 189, 188},  {207, 190, 23}};

}  // namespace

const cv::Scalar& colour(std::size_t curve) {
  return kPalette[curve % std::size(kPalette)];
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

}  // namespace anomadiff::plot
