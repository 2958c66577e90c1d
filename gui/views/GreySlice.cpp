#include "views/GreySlice.h"

#include <algorithm>
#include <cmath>

namespace anomadiff::gui {

QImage greySlice(const Image& image, const SliceGrid& grid, double window, double level) {
  if (grid.isEmpty()) {
    return {};
  }
  QImage slice(grid.size(), QImage::Format_Grayscale8);
  const double low = level - 0.5 * window;
  const double scale = 255.0 / window;
  const std::span<const float> voxels = image.voxels();
  for (int row = 0; row < grid.size().height(); ++row) {
    uchar* line = slice.scanLine(row);
    for (int column = 0; column < grid.size().width(); ++column) {
      const float value = voxels[grid.offset(column, row)];
      const double grey = std::isfinite(value) ? (value - low) * scale : 0.0;
      line[column] = static_cast<uchar>(std::clamp(grey, 0.0, 255.0) + 0.5);
    }
  }
  return slice;
}

}  // namespace anomadiff::gui
