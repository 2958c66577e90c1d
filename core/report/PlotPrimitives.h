#pragma once

#include <opencv2/core.hpp>

#include <cstddef>
#include <string>

/// Drawing pieces the evaluate figures share (CurveFigure, FrocFigure), so every plot has the
/// same ink, grid, palette and lettering. OpenCV types: include only from report/*.cpp.
namespace anomadiff::plot {

inline const cv::Scalar kBackground(255, 255, 255), kInk(40, 40, 40), kGrid(232, 232, 232),
    kChance(140, 140, 140);
inline constexpr double kTextScale = 0.45;

/// Tableau's ten colours (BGR) in turn: distinct for most colour-blind readers and in greyscale
/// print.
const cv::Scalar& colour(std::size_t curve);
/// printf-style, for tick labels and legend values.
std::string formatNumber(double value, const char* format);
void centredText(cv::Mat& figure, const std::string& text, cv::Point centre, double scale);
/// OpenCV writes only horizontally: the text is drawn on its own strip and turned.
void verticalText(cv::Mat& figure, const std::string& text, cv::Point centre);
void dashedLine(cv::Mat& figure, cv::Point from, cv::Point to, const cv::Scalar& colour);

}  // namespace anomadiff::plot
