#include "localize/BoxExtent.h"

#include <algorithm>
#include <cstddef>
#include <limits>

namespace anomadiff {

BoxExtent BoxExtent::through(const BoundingBox& box, const preprocess::AffineTransform& indexMap) {
  const std::array<double, 3> low{double(box.x) - 0.5, double(box.y) - 0.5, double(box.z) - 0.5};
  const std::array<double, 3> high{double(box.x + box.width) - 0.5,
                                   double(box.y + box.height) - 0.5,
                                   double(box.z + box.depth) - 0.5};
  BoxExtent extent;
  extent.minimum.fill(std::numeric_limits<double>::infinity());
  extent.maximum.fill(-std::numeric_limits<double>::infinity());
  for (int corner = 0; corner < 8; ++corner) {
    const auto point =
        indexMap.apply({(corner & 1) ? high[0] : low[0], (corner & 2) ? high[1] : low[1],
                        (corner & 4) ? high[2] : low[2]});
    for (std::size_t axis = 0; axis < 3; ++axis) {
      extent.minimum[axis] = std::min(extent.minimum[axis], point[axis]);
      extent.maximum[axis] = std::max(extent.maximum[axis], point[axis]);
    }
  }
  return extent;
}

}  // namespace anomadiff
