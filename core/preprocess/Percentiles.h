#pragma once

#include "image/Image.h"

#include <span>
#include <vector>

namespace anomadiff::preprocess {

/// Percentiles (0..100) of the voxels where `mask` is > 0 (all voxels when mask is null), with
/// linear interpolation between order statistics (numpy's default), so p50 of {0, 1} is 0.5.
/// Throws InvalidArgument for a mask of another size, an empty mask, a percentile outside
/// [0, 100], or non-finite voxels inside the mask (naming their count).
std::vector<double> maskedPercentiles(const Image& image, const Image* mask,
                                      std::span<const double> percentiles);

/// The same interpolated percentiles of finite `values` (reordered in place). Throws
/// InvalidArgument when `values` is empty or a percentile is outside [0, 100].
std::vector<double> percentilesOf(std::vector<float>& values, std::span<const double> percentiles);

}  // namespace anomadiff::preprocess
