#include "views/SliceGrid.h"

#include <algorithm>

namespace anomadiff::gui {

namespace {

std::ptrdiff_t strideOf(const std::array<std::size_t, 3>& size, int axis) {
  std::ptrdiff_t stride = 1;
  for (int a = 0; a < axis; ++a) {
    stride *= static_cast<std::ptrdiff_t>(size[static_cast<std::size_t>(a)]);
  }
  return stride;
}

}  // namespace

SliceGrid::SliceGrid(const std::array<std::size_t, 3>& size, const SliceAxes& axes, int sliceIndex)
    : m_axes(axes), m_sliceIndex(sliceIndex) {
  const auto extent = [&](int axis) {
    return static_cast<int>(size[static_cast<std::size_t>(axis)]);
  };
  m_displaySize = QSize(extent(axes.column), extent(axes.row));
  if (m_displaySize.isEmpty() || sliceIndex < 0 || sliceIndex >= extent(axes.normal)) {
    m_displaySize = QSize();
    return;
  }
  const std::ptrdiff_t columnStride = strideOf(size, axes.column);
  const std::ptrdiff_t rowStride = strideOf(size, axes.row);
  m_columnStep = axes.flipColumns ? -columnStride : columnStride;
  m_rowStep = axes.flipRows ? -rowStride : rowStride;
  std::ptrdiff_t origin = sliceIndex * strideOf(size, axes.normal);
  if (axes.flipColumns) {
    origin += (m_displaySize.width() - 1) * columnStride;
  }
  if (axes.flipRows) {
    origin += (m_displaySize.height() - 1) * rowStride;
  }
  m_origin = static_cast<std::size_t>(origin);
}

std::array<int, 3> SliceGrid::voxel(int displayColumn, int displayRow) const {
  std::array<int, 3> index{};
  index[static_cast<std::size_t>(m_axes.column)] =
      m_axes.flipColumns ? m_displaySize.width() - 1 - displayColumn : displayColumn;
  index[static_cast<std::size_t>(m_axes.row)] =
      m_axes.flipRows ? m_displaySize.height() - 1 - displayRow : displayRow;
  index[static_cast<std::size_t>(m_axes.normal)] = m_sliceIndex;
  return index;
}

std::array<double, 2> SliceGrid::display(const std::array<double, 3>& voxelIndex) const {
  const double column = voxelIndex[static_cast<std::size_t>(m_axes.column)];
  const double row = voxelIndex[static_cast<std::size_t>(m_axes.row)];
  // Flipping mirrors about the slice centre, so continuous positions flip the same way.
  return {m_axes.flipColumns ? m_displaySize.width() - 1 - column : column,
          m_axes.flipRows ? m_displaySize.height() - 1 - row : row};
}

std::optional<std::array<int, 3>> SliceGrid::voxelAt(const QRectF& drawn, QPointF position) const {
  if (isEmpty() || drawn.isEmpty() || !drawn.contains(position)) {
    return std::nullopt;
  }
  const int width = m_displaySize.width();
  const int height = m_displaySize.height();
  const int column = std::clamp(
      static_cast<int>((position.x() - drawn.left()) / drawn.width() * width), 0, width - 1);
  const int row = std::clamp(
      static_cast<int>((position.y() - drawn.top()) / drawn.height() * height), 0, height - 1);
  return voxel(column, row);
}

QPointF SliceGrid::position(const QRectF& drawn, const std::array<double, 3>& voxelIndex) const {
  if (isEmpty() || drawn.isEmpty()) {
    return {};
  }
  // Voxel i covers [i - 0.5, i + 0.5] in index units, so its centre is half a pixel in.
  const std::array<double, 2> at = display(voxelIndex);
  return {drawn.left() + (at[0] + 0.5) * drawn.width() / m_displaySize.width(),
          drawn.top() + (at[1] + 0.5) * drawn.height() / m_displaySize.height()};
}

}  // namespace anomadiff::gui
