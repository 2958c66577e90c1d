#pragma once

#include <cstddef>

namespace anomadiff {

/// One finding: a box in voxel index units of the input (x along image axis 0, y along axis 1,
/// z along axis 2; z = 0 and depth = 1 for 2D) with its evidence.
struct BoundingBox {
  int id = 0;
  std::size_t x = 0, y = 0, z = 0;
  std::size_t width = 0, height = 0, depth = 1;
  double score = 0.0;         ///< mean anomaly inside the component
  double maxScore = 0.0;      ///< largest anomaly inside the component
  double meanVariance = 0.0;  ///< ensemble variance inside: high means the model is unsure
  std::size_t areaPx = 0;     ///< voxels in the component (not the box)
};

}  // namespace anomadiff
