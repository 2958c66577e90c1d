#include "sweep/SweepThumbnail.h"

#include "common/Error.h"
#include "views/BoxOnSlice.h"
#include "views/Colormap.h"
#include "views/GreySlice.h"
#include "views/IntensityPercentiles.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace anomadiff::gui {

namespace {

// The 2D views' automatic window: percentiles ignore the few hot voxels.
constexpr double kLowPercentile = 0.01;
constexpr double kHighPercentile = 0.99;

std::size_t axisIndex(int axis) {
  return static_cast<std::size_t>(axis);
}

}  // namespace

// The colour of the report figures' boxes, so a finding looks the same everywhere.
const QColor SweepThumbnail::kBoxColour(255, 230, 0);

SweepThumbnail::SweepThumbnail(SliceOrientation orientation, int sliceIndex, int side)
    : m_orientation(orientation), m_sliceIndex(sliceIndex), m_side(std::max(side, 1)) {}

int SweepThumbnail::sliceIndexFor(const ImageGeometry& geometry) const {
  const SliceAxes axes = sliceAxesFor(geometry, m_orientation);
  const int slices = static_cast<int>(geometry.size[axisIndex(axes.normal)]);
  return m_sliceIndex < 0 ? slices / 2 : std::min(m_sliceIndex, slices - 1);
}

SliceGrid SweepThumbnail::sliceGrid(const ImageGeometry& geometry) const {
  return {geometry.size, sliceAxesFor(geometry, m_orientation), sliceIndexFor(geometry)};
}

QImage SweepThumbnail::render(const Image& input, const Image& anomalyMap,
                              const FindingsDocument& findings) const {
  if (anomalyMap.geometry().size != input.geometry().size) {
    throw InvalidArgument("the anomaly map's grid differs from the input's");
  }
  const SliceGrid grid = sliceGrid(input.geometry());
  if (grid.isEmpty()) return {};
  QImage slice = greyOf(input, grid);
  paintAnomaly(slice, anomalyMap, grid, findings.threshold);
  // Smooth scaling: a nearest-neighbour shrink would drop small hot spots entirely.
  QImage thumbnail = slice.scaled(displaySize(input.geometry(), grid), Qt::IgnoreAspectRatio,
                                  Qt::SmoothTransformation);
  paintBoxes(thumbnail, input.geometry(), slice.size(), findings.boxes);
  return thumbnail;
}

QSize SweepThumbnail::displaySize(const ImageGeometry& geometry, const SliceGrid& grid) const {
  const SliceAxes axes = sliceAxesFor(geometry, m_orientation);
  const double width = grid.size().width() * geometry.spacing[axisIndex(axes.column)];
  const double height = grid.size().height() * geometry.spacing[axisIndex(axes.row)];
  const double factor = m_side / std::max(width, height);
  return {std::max(1, static_cast<int>(std::lround(width * factor))),
          std::max(1, static_cast<int>(std::lround(height * factor)))};
}

QImage SweepThumbnail::greyOf(const Image& input, const SliceGrid& grid) {
  const IntensityRange range = intensityPercentiles(input, kLowPercentile, kHighPercentile);
  // A flat image has no window; any positive one shows it as a single grey.
  const double window = range.width() > 0.0 ? range.width() : 1.0;
  return greySlice(input, grid, window, range.low + 0.5 * window)
      .convertToFormat(QImage::Format_RGB32);
}

void SweepThumbnail::paintAnomaly(QImage& slice, const Image& anomalyMap, const SliceGrid& grid,
                                  double threshold) {
  static const Colormap kTurbo(Colormap::Kind::Turbo);
  // The heat map layer's range: anchored at 0 so "no anomaly" keeps the bottom colour.
  const IntensityRange extent = intensityExtent(anomalyMap);
  const double low = std::min(0.0, extent.low);
  const double high = extent.high > low ? extent.high : low + 1.0;
  const std::span<const float> values = anomalyMap.voxels();
  for (int row = 0; row < grid.size().height(); ++row) {
    auto* line = reinterpret_cast<QRgb*>(slice.scanLine(row));
    for (int column = 0; column < grid.size().width(); ++column) {
      const float value = values[grid.offset(column, row)];
      // "Above the threshold" as in the run's mask; NaN compares false and stays grey.
      if (!(value > threshold) || std::isinf(value)) continue;
      line[column] = kTurbo.color((value - low) / (high - low));
    }
  }
}

void SweepThumbnail::paintBoxes(QImage& thumbnail, const ImageGeometry& geometry, QSize sliceSize,
                                const std::vector<BoundingBox>& boxes) const {
  const SliceAxes axes = sliceAxesFor(geometry, m_orientation);
  const SliceGrid grid = sliceGrid(geometry);
  const auto slice = static_cast<std::size_t>(sliceIndexFor(geometry));
  const double scaleX = static_cast<double>(thumbnail.width()) / sliceSize.width();
  const double scaleY = static_cast<double>(thumbnail.height()) / sliceSize.height();
  QPainter painter(&thumbnail);
  painter.setPen(QPen(kBoxColour, 1));
  painter.setBrush(Qt::NoBrush);
  for (const BoundingBox& box : boxes) {
    const std::size_t first = BoxOnSlice::start(box, axes.normal);
    if (slice < first || slice >= first + BoxOnSlice::extent(box, axes.normal)) continue;
    // Voxel edges lie half a voxel off the centres that SliceGrid::display maps; display
    // pixel c covers [c, c + 1), hence the +0.5 after mapping.
    std::array<double, 3> low{};
    std::array<double, 3> high{};
    for (const int axis : {axes.column, axes.row}) {
      const auto start = static_cast<double>(BoxOnSlice::start(box, axis));
      low[axisIndex(axis)] = start - 0.5;
      high[axisIndex(axis)] = start + static_cast<double>(BoxOnSlice::extent(box, axis)) - 0.5;
    }
    const auto [x0, y0] = grid.display(low);
    const auto [x1, y1] = grid.display(high);
    const QRectF pixels =
        QRectF(QPointF(x0 + 0.5, y0 + 0.5), QPointF(x1 + 0.5, y1 + 0.5)).normalized();
    const QRect outline(QPoint(static_cast<int>(std::lround(pixels.left() * scaleX)),
                               static_cast<int>(std::lround(pixels.top() * scaleY))),
                        QPoint(static_cast<int>(std::lround(pixels.right() * scaleX)) - 1,
                               static_cast<int>(std::lround(pixels.bottom() * scaleY)) - 1));
    // An aliased 1-pixel rectangle covers one pixel beyond its right and bottom edges.
    painter.drawRect(outline.adjusted(0, 0, -1, -1));
  }
}

}  // namespace anomadiff::gui
