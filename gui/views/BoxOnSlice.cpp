#include "views/BoxOnSlice.h"

#include "views/SliceView.h"

#include <QLineF>

namespace anomadiff::gui {

namespace {

// Templates so that one spelling serves the const reads and the writes.
template <typename Box>
auto& startField(Box& box, int axis) {
  return axis == 0 ? box.x : axis == 1 ? box.y : box.z;
}

template <typename Box>
auto& extentField(Box& box, int axis) {
  return axis == 0 ? box.width : axis == 1 ? box.height : box.depth;
}

// A handle's index coordinate along one axis: voxel edges lie half a voxel off the centres.
double handleIndex(BoxOnSlice::End end, std::size_t start, std::size_t extent) {
  switch (end) {
    case BoxOnSlice::End::Low:
      return static_cast<double>(start) - 0.5;
    case BoxOnSlice::End::High:
      return static_cast<double>(start + extent) - 0.5;
    case BoxOnSlice::End::None:
    default:
      return static_cast<double>(start) + 0.5 * static_cast<double>(extent) - 0.5;
  }
}

}  // namespace

BoxOnSlice::BoxOnSlice(const SliceView& view, const BoundingBox& box) : m_view(view), m_box(box) {
  if (!view.hasImage()) return;
  const SliceAxes axes = view.sliceAxes();
  const auto slice = static_cast<std::size_t>(view.sliceIndex());
  const std::size_t first = start(box, axes.normal);
  m_visible = slice >= first && slice < first + extent(box, axes.normal);
  const QPointF low = corner(handleIndex(End::Low, start(box, axes.column), 0),
                             handleIndex(End::Low, start(box, axes.row), 0));
  const QPointF high =
      corner(handleIndex(End::High, start(box, axes.column), extent(box, axes.column)),
             handleIndex(End::High, start(box, axes.row), extent(box, axes.row)));
  m_rect = QRectF(low, high).normalized();
}

QPointF BoxOnSlice::corner(double columnIndex, double rowIndex) const {
  const SliceAxes axes = m_view.sliceAxes();
  std::array<double, 3> index{};
  index[static_cast<std::size_t>(axes.column)] = columnIndex;
  index[static_cast<std::size_t>(axes.row)] = rowIndex;
  return m_view.widgetPosition(index);
}

std::array<BoxOnSlice::Handle, BoxOnSlice::kHandleCount> BoxOnSlice::handles() const {
  const SliceAxes axes = m_view.sliceAxes();
  std::array<Handle, kHandleCount> result;
  std::size_t next = 0;
  for (const End column : {End::Low, End::None, End::High}) {
    for (const End row : {End::Low, End::None, End::High}) {
      if (column == End::None && row == End::None) continue;
      const double columnIndex =
          handleIndex(column, start(m_box, axes.column), extent(m_box, axes.column));
      const double rowIndex = handleIndex(row, start(m_box, axes.row), extent(m_box, axes.row));
      result[next++] = {column, row, corner(columnIndex, rowIndex)};
    }
  }
  return result;
}

std::optional<BoxOnSlice::Handle> BoxOnSlice::handleAt(QPointF position, double tolerance) const {
  std::optional<Handle> nearest;
  double nearestDistance = tolerance;
  for (const Handle& handle : handles()) {
    const double distance = QLineF(handle.position, position).length();
    if (distance <= nearestDistance) {
      nearest = handle;
      nearestDistance = distance;
    }
  }
  return nearest;
}

std::array<double, 3> BoxOnSlice::indexAt(const SliceView& view, QPointF position) {
  const SliceAxes axes = view.sliceAxes();
  std::array<double, 3> columnStep{};
  std::array<double, 3> rowStep{};
  columnStep[static_cast<std::size_t>(axes.column)] = 1.0;
  rowStep[static_cast<std::size_t>(axes.row)] = 1.0;
  // widgetPosition is affine with columns horizontal and rows vertical (a flip makes a step
  // negative), so one step along each axis inverts it.
  const QPointF origin = view.widgetPosition({0.0, 0.0, 0.0});
  const double columnPixels = view.widgetPosition(columnStep).x() - origin.x();
  const double rowPixels = view.widgetPosition(rowStep).y() - origin.y();
  std::array<double, 3> index{};
  index[static_cast<std::size_t>(axes.column)] =
      columnPixels != 0.0 ? (position.x() - origin.x()) / columnPixels : 0.0;
  index[static_cast<std::size_t>(axes.row)] =
      rowPixels != 0.0 ? (position.y() - origin.y()) / rowPixels : 0.0;
  index[static_cast<std::size_t>(axes.normal)] = view.sliceIndex();
  return index;
}

std::size_t BoxOnSlice::start(const BoundingBox& box, int axis) {
  return startField(box, axis);
}

std::size_t BoxOnSlice::extent(const BoundingBox& box, int axis) {
  return extentField(box, axis);
}

void BoxOnSlice::setSpan(BoundingBox& box, int axis, std::size_t start, std::size_t extent) {
  startField(box, axis) = start;
  extentField(box, axis) = extent;
}

}  // namespace anomadiff::gui
