#include "report/OverlayFigure.h"

#include "common/Error.h"
#include "common/TextFileWriter.h"
#include "image/SliceAxes.h"
#include "report/PngEncoder.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace anomadiff {
namespace {

constexpr int kMinimumPanel = 256;
constexpr int kCaption = 26;
constexpr int kColourBar = 96;
const cv::Scalar kText(235, 235, 235), kBoxColour(0, 230, 255);

/// Screen pixels of one slice: where each display (column, row) reads its voxel.
struct SliceView {
  SliceAxes axes;
  std::size_t slice;
  int columns, rows;

  std::size_t voxel(const Image& image, int column, int row) const {
    std::size_t index[3] = {0, 0, 0};
    const auto size = image.geometry().size;
    index[axes.column] = axes.flipColumns ? size[axes.column] - 1 - column : column;
    index[axes.row] = axes.flipRows ? size[axes.row] - 1 - row : row;
    index[axes.normal] = slice;
    return image.indexOf(index[0], index[1], index[2]);
  }
};

std::string formatNumber(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", value);
  return text;
}

/// The grey range of a figure: the input's brain between its 1st and 99th percentile on this
/// slice.
struct GreyWindow {
  double low = 0.0;
  double high = 1.0;
};

GreyWindow brainWindow(const Image& image, const Image& brain, const SliceView& view) {
  std::vector<float> inside;
  for (int r = 0; r < view.rows; ++r) {
    for (int c = 0; c < view.columns; ++c) {
      const auto i = view.voxel(image, c, r);
      if (brain.voxels()[i] > 0.0f) inside.push_back(image.voxels()[i]);
    }
  }
  if (inside.empty()) return {};
  std::sort(inside.begin(), inside.end());
  return {inside[inside.size() / 100], inside[inside.size() - 1 - inside.size() / 100]};
}

/// Grey levels of `image` in `window`. The input and its pseudo-healthy image share the input's
/// window, as in the viewer, so equal intensities look equal side by side.
cv::Mat greyPanel(const Image& image, const GreyWindow& window, const SliceView& view) {
  const double scale = 255.0 / std::max(1e-12, window.high - window.low);
  cv::Mat grey(view.rows, view.columns, CV_8UC1);
  for (int r = 0; r < view.rows; ++r) {
    for (int c = 0; c < view.columns; ++c) {
      const double v = (image.voxels()[view.voxel(image, c, r)] - window.low) * scale;
      grey.at<std::uint8_t>(r, c) = cv::saturate_cast<std::uint8_t>(v);
    }
  }
  cv::Mat colour;
  cv::cvtColor(grey, colour, cv::COLOR_GRAY2BGR);
  return colour;
}

/// Turbo over grey where the score reaches half the threshold; full scale = 2 × threshold.
cv::Mat heatPanel(const cv::Mat& grey, const OverlaySlice& in, const SliceView& view,
                  double fullScale) {
  cv::Mat level(view.rows, view.columns, CV_8UC1);
  for (int r = 0; r < view.rows; ++r) {
    for (int c = 0; c < view.columns; ++c) {
      const double v = in.anomaly.voxels()[view.voxel(in.anomaly, c, r)] / fullScale;
      level.at<std::uint8_t>(r, c) = cv::saturate_cast<std::uint8_t>(255.0 * v);
    }
  }
  cv::Mat heat;
  cv::applyColorMap(level, heat, cv::COLORMAP_TURBO);
  cv::Mat panel = grey.clone();
  for (int r = 0; r < view.rows; ++r) {
    for (int c = 0; c < view.columns; ++c) {
      if (level.at<std::uint8_t>(r, c) < 64) continue;  // below half the threshold: anatomy
      panel.at<cv::Vec3b>(r, c) = 0.3 * grey.at<cv::Vec3b>(r, c) + 0.7 * heat.at<cv::Vec3b>(r, c);
    }
  }
  return panel;
}

cv::Mat zoomed(const cv::Mat& panel, int zoom) {
  cv::Mat large;
  cv::resize(panel, large, {}, zoom, zoom, cv::INTER_NEAREST);
  return large;
}

/// A box's [first, end) voxel range along one index axis.
std::pair<std::size_t, std::size_t> boxRange(const BoundingBox& box, int indexAxis) {
  const std::size_t start[3] = {box.x, box.y, box.z};
  const std::size_t length[3] = {box.width, box.height, box.depth};
  return {start[indexAxis], start[indexAxis] + length[indexAxis]};
}

/// A box's extent along a display axis, in zoomed pixels.
std::pair<int, int> displayExtent(const BoundingBox& box, int indexAxis, bool flip,
                                  std::size_t size, int zoom) {
  const auto [begin, end] = boxRange(box, indexAxis);
  int first = static_cast<int>(begin);
  int last = static_cast<int>(end);  // exclusive
  if (flip)
    std::tie(first, last) =
        std::pair{static_cast<int>(size) - last, static_cast<int>(size) - first};
  return {first * zoom, last * zoom};
}

void drawBoxes(cv::Mat& panel, const OverlaySlice& in, const SliceView& view, int zoom) {
  const auto size = in.input.geometry().size;
  for (const auto& box : in.boxes) {
    const auto [begin, end] = boxRange(box, view.axes.normal);
    if (in.slice < begin || in.slice >= end) continue;
    const auto [x0, x1] =
        displayExtent(box, view.axes.column, view.axes.flipColumns, size[view.axes.column], zoom);
    const auto [y0, y1] =
        displayExtent(box, view.axes.row, view.axes.flipRows, size[view.axes.row], zoom);
    cv::rectangle(panel, {x0, y0}, {x1 - 1, y1 - 1}, kBoxColour, 2);
    cv::putText(panel, "#" + std::to_string(box.id) + " " + formatNumber(box.score),
                {x0, std::max(12, y0 - 4)}, cv::FONT_HERSHEY_SIMPLEX, 0.45, kBoxColour, 1,
                cv::LINE_AA);
  }
}

cv::Mat colourBar(int height, double fullScale, double threshold) {
  cv::Mat bar(height, kColourBar, CV_8UC3, cv::Scalar(0, 0, 0));
  // A slice one or a few pixels high gives a panel too short for a ramp with two labels.
  if (height < 40) return bar;
  cv::Mat ramp(height - 20, 1, CV_8UC1);
  for (int r = 0; r < ramp.rows; ++r) {
    ramp.at<std::uint8_t>(r) =
        cv::saturate_cast<std::uint8_t>(255.0 * (ramp.rows - 1 - r) / std::max(1, ramp.rows - 1));
  }
  cv::Mat colours;
  cv::applyColorMap(ramp, colours, cv::COLORMAP_TURBO);
  cv::resize(colours, colours, {14, ramp.rows}, 0, 0, cv::INTER_NEAREST);
  colours.copyTo(bar(cv::Rect(4, 10, 14, ramp.rows)));
  const auto label = [&](double value, const std::string& text) {
    const int row = 10 + static_cast<int>((1.0 - value / fullScale) * (ramp.rows - 1));
    cv::line(bar, {18, row}, {24, row}, kText, 1);
    cv::putText(bar, text, {26, row + 4}, cv::FONT_HERSHEY_SIMPLEX, 0.35, kText, 1, cv::LINE_AA);
  };
  label(fullScale, formatNumber(fullScale));
  label(threshold, "thr " + formatNumber(threshold));
  label(0.0, "0");
  return bar;
}

cv::Mat captioned(const cv::Mat& panel, const std::string& caption) {
  cv::Mat framed(panel.rows + kCaption, panel.cols, CV_8UC3, cv::Scalar(0, 0, 0));
  panel.copyTo(framed(cv::Rect(0, kCaption, panel.cols, panel.rows)));
  cv::putText(framed, caption, {6, 18}, cv::FONT_HERSHEY_SIMPLEX, 0.5, kText, 1, cv::LINE_AA);
  return framed;
}

void requireSameGrid(const Image& input, const Image& other, const char* name) {
  if (other.geometry().size != input.geometry().size) {
    throw InvalidArgument(std::string("overlay: the ") + name + " is not on the input's grid");
  }
}

}  // namespace

std::string OverlayFigure::png(const OverlaySlice& in) const {
  requireSameGrid(in.input, in.pseudoHealthy, "pseudo-healthy image");
  requireSameGrid(in.input, in.anomaly, "anomaly map");
  requireSameGrid(in.input, in.brain, "brain mask");
  const SliceAxes axes = sliceAxesFor(in.input.geometry(), SliceOrientation::Axial);
  const auto size = in.input.geometry().size;
  if (in.slice >= size[axes.normal]) {
    throw InvalidArgument("overlay slice " + std::to_string(in.slice) + " is outside the image");
  }
  const SliceView view{axes, in.slice, static_cast<int>(size[axes.column]),
                       static_cast<int>(size[axes.row])};
  const int zoom = std::max(1, (kMinimumPanel + std::max(view.columns, view.rows) - 1) /
                                   std::max(view.columns, view.rows));
  const double fullScale = in.threshold > 0.0 ? 2.0 * in.threshold : 1.0;
  const GreyWindow window = brainWindow(in.input, in.brain, view);
  const cv::Mat grey = greyPanel(in.input, window, view);
  cv::Mat boxes = zoomed(grey, zoom);
  drawBoxes(boxes, in, view, zoom);
  const cv::Mat heat = zoomed(heatPanel(grey, in, view, fullScale), zoom);
  cv::Mat heatWithBar;
  cv::hconcat(heat, colourBar(heat.rows, fullScale, in.threshold), heatWithBar);
  std::vector<cv::Mat> panels = {
      captioned(zoomed(grey, zoom), "input"),
      captioned(zoomed(greyPanel(in.pseudoHealthy, window, view), zoom), "pseudo-healthy"),
      captioned(heatWithBar, "anomaly |x - x^|"),
      captioned(boxes, "findings (" + std::to_string(in.boxes.size()) + ")")};
  cv::Mat row;
  cv::hconcat(panels, row);
  cv::Mat figure(row.rows + kCaption, row.cols, CV_8UC3, cv::Scalar(0, 0, 0));
  row.copyTo(figure(cv::Rect(0, 0, row.cols, row.rows)));
  const std::string footer = "AnomaDiff " + m_provenance.appVersion + " | " + m_provenance.method +
                             " | slice " + std::to_string(in.slice) +
                             " | research use only, not for diagnosis";
  cv::putText(figure, footer, {6, row.rows + 18}, cv::FONT_HERSHEY_SIMPLEX, 0.45, kText, 1,
              cv::LINE_AA);
  return PngEncoder::encodeBgr(figure.data, figure.cols, figure.rows, figure.step);
}

std::vector<std::size_t> OverlayFigure::findingSlices(const Image& anomaly,
                                                      const std::vector<BoundingBox>& boxes,
                                                      std::size_t limit) {
  const auto normal =
      static_cast<std::size_t>(sliceAxesFor(anomaly.geometry(), SliceOrientation::Axial).normal);
  std::vector<std::size_t> slices;
  for (const auto& box : boxes) {
    const auto [begin, end] = boxRange(box, static_cast<int>(normal));
    const std::size_t centre = begin + (end - begin) / 2;
    if (std::find(slices.begin(), slices.end(), centre) == slices.end()) slices.push_back(centre);
    if (slices.size() == limit) break;
  }
  if (!slices.empty() || anomaly.voxelCount() == 0) return slices;
  const auto peak = std::max_element(anomaly.voxels().begin(), anomaly.voxels().end());
  const auto index = static_cast<std::size_t>(peak - anomaly.voxels().begin());
  const auto size = anomaly.geometry().size;
  const std::size_t coordinates[3] = {index % size[0], (index / size[0]) % size[1],
                                      index / (size[0] * size[1])};
  return {coordinates[normal]};
}

void OverlayFigure::write(const OverlaySlice& slice, const std::filesystem::path& path) const {
  TextFileWriter().write(path, png(slice));
}

}  // namespace anomadiff
