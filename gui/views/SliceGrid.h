#pragma once

#include "image/ImageGeometry.h"
#include "image/SliceAxes.h"

#include <QPointF>
#include <QRectF>
#include <QSize>

#include <array>
#include <cstddef>
#include <optional>

namespace anomadiff::gui {

/// One slice of a voxel grid as the screen shows it: display column/row (left to right, top to
/// bottom) to voxel index and memory offset, with the orientation's flips applied. The grey slice,
/// heat maps and mask outlines all sample through it, so they land on the same pixels by
/// construction rather than by three copies of the flip logic.
class SliceGrid {
 public:
  SliceGrid() = default;
  SliceGrid(const std::array<std::size_t, 3>& size, const SliceAxes& axes, int sliceIndex);

  /// Display columns and rows.
  QSize size() const { return m_displaySize; }
  bool isEmpty() const { return m_displaySize.isEmpty(); }

  /// Offset into an x-fastest voxel array (Image::voxels) of a display pixel.
  std::size_t offset(int displayColumn, int displayRow) const {
    return m_origin + static_cast<std::ptrdiff_t>(displayColumn) * m_columnStep +
           static_cast<std::ptrdiff_t>(displayRow) * m_rowStep;
  }

  /// The voxel index shown at a display pixel (slice index along the normal).
  std::array<int, 3> voxel(int displayColumn, int displayRow) const;
  /// Display (column, row) of a continuous voxel index; the normal component is ignored.
  std::array<double, 2> display(const std::array<double, 3>& voxelIndex) const;

  /// The voxel drawn under `position` when the slice fills `drawn`, if it lies on the slice.
  std::optional<std::array<int, 3>> voxelAt(const QRectF& drawn, QPointF position) const;
  /// Where a continuous voxel index lands when the slice fills `drawn` (integer indices are
  /// voxel centres); the normal component is ignored.
  QPointF position(const QRectF& drawn, const std::array<double, 3>& voxelIndex) const;

  /// Same slice of the same-sized grid: caches built for one grid are valid for the other.
  bool operator==(const SliceGrid& other) const = default;

 private:
  SliceAxes m_axes;
  int m_sliceIndex = 0;
  QSize m_displaySize;
  // Offsets are signed steps from display (0, 0): flips become negative steps.
  std::size_t m_origin = 0;
  std::ptrdiff_t m_columnStep = 0;
  std::ptrdiff_t m_rowStep = 0;
};

}  // namespace anomadiff::gui
