#pragma once

namespace anomadiff::preprocess {

/// How a resampler reads between voxels: Linear for intensities and continuous maps, Nearest for
/// masks and labels (so a label never takes a value it did not have).
enum class Interpolation { Linear, Nearest };

}  // namespace anomadiff::preprocess
