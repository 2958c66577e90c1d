#include "report/FindingText.h"

#include "localize/BoxExtent.h"
#include "preprocess/AffineTransform.h"

#include <cmath>
#include <cstdio>

namespace anomadiff {
namespace {

std::string formatted(const char* format, double value) {
  char text[32];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

}  // namespace

std::string FindingText::where(const BoundingBox& box) {
  std::string text;
  std::string atlas;
  for (const auto& region : box.regions) {
    if (region.atlas != atlas) {
      if (!text.empty()) text += "; ";
      text += region.atlas + ": ";
      atlas = region.atlas;
    } else {
      text += ", ";
    }
    text += region.name + " " + formatted("%.0f", 100.0 * region.fraction) + " %";
  }
  return text;
}

std::array<double, 3> FindingText::extentMm(const BoundingBox& box, const ImageGeometry& grid) {
  if (grid.voxelCount() == 0) return {0.0, 0.0, 0.0};
  const BoxExtent extent =
      BoxExtent::through(box, preprocess::AffineTransform::indexToPhysical(grid));
  return {extent.maximum[0] - extent.minimum[0], extent.maximum[1] - extent.minimum[1],
          extent.maximum[2] - extent.minimum[2]};
}

std::string FindingText::size(const BoundingBox& box, const ImageGeometry& grid) {
  std::string text;
  if (box.volumeMl > 0.0) text = formatted("%.2f", box.volumeMl) + " mL";
  if (grid.voxelCount() > 0 && !grid.is2D()) {
    const auto mm = extentMm(box, grid);
    if (!text.empty()) text += ", ";
    text += formatted("%.0f", mm[0]) + " × " + formatted("%.0f", mm[1]) + " × " +
            formatted("%.0f", mm[2]) + " mm (R-L × A-P × S-I)";
  }
  return text;
}

}  // namespace anomadiff
