#pragma once

#include "image/Image.h"

namespace anomadiff {

/// What a method computes, every map on the input's grid.
struct LocalizationMaps {
  Image pseudoHealthy;  ///< x̂: the input as the model thinks it would look healthy
  Image anomalyMap;     ///< per-voxel anomaly score, e.g. |x - x̂| (after post-processing)
  Image varianceMap;    ///< per-voxel variance over the ensemble; zeros for deterministic methods
};

}  // namespace anomadiff
