#include "views/CachedSliceImage.h"

namespace anomadiff::gui {

void CachedSliceImage::invalidate() {
  m_stale = true;
}

const QImage& CachedSliceImage::image(const SliceGrid& grid, const Builder& build) {
  if (m_stale || !(grid == m_grid)) {
    m_stale = false;
    m_grid = grid;
    m_image = QImage(grid.size(), QImage::Format_ARGB32_Premultiplied);
    build(grid, m_image);
  }
  return m_image;
}

}  // namespace anomadiff::gui
