#pragma once

#include "localize/BoundingBox.h"

#include <QPointF>
#include <QRectF>

#include <array>
#include <cstddef>
#include <optional>

namespace anomadiff::gui {

class SliceView;

/// Where a finding lies on a SliceView's current slice: its rectangle and its 8 resize handles
/// in widget coordinates. Everything goes through SliceView::widgetPosition, so orientation,
/// flips and the pixel aspect ratio are the view's. Handles are named by the index-space end
/// they drag (not by screen side), so a flipped view resizes the edge under the mouse.
class BoxOnSlice {
 public:
  /// The end of one in-plane index axis that a handle drags.
  enum class End { None, Low, High };
  struct Handle {
    End column = End::None;  ///< along the view's column axis
    End row = End::None;     ///< along the view's row axis
    QPointF position;        ///< centre, in widget coordinates
  };
  static constexpr int kHandleCount = 8;

  BoxOnSlice(const SliceView& view, const BoundingBox& box);

  /// True when the box spans the view's current slice.
  bool isVisible() const { return m_visible; }
  QRectF rect() const { return m_rect; }
  std::array<Handle, kHandleCount> handles() const;
  /// The handle within `tolerance` widget pixels of `position`, if any.
  std::optional<Handle> handleAt(QPointF position, double tolerance) const;

  /// The continuous voxel index under a widget position (voxel centres are integers), also off
  /// the slice; the component along the normal is the slice index. The inverse of
  /// SliceView::widgetPosition, so a drag can follow voxel edges rather than whole voxels.
  static std::array<double, 3> indexAt(const SliceView& view, QPointF position);

  /// The box's first voxel and size along index axis 0, 1 or 2.
  static std::size_t start(const BoundingBox& box, int axis);
  static std::size_t extent(const BoundingBox& box, int axis);
  static void setSpan(BoundingBox& box, int axis, std::size_t start, std::size_t extent);

 private:
  QPointF corner(double columnIndex, double rowIndex) const;

  const SliceView& m_view;
  BoundingBox m_box;
  bool m_visible = false;
  QRectF m_rect;
};

}  // namespace anomadiff::gui
