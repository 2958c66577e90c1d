#pragma once

#include "image/Image.h"

namespace anomadiff::diffusion {

/// Post-processing of a model-grid anomaly map (seed §4: restrict to the brain, smooth away
/// single-pixel reconstruction noise): zero outside the mask, then a median filter per slice.
class AnomalyMapFilter {
 public:
  /// `side` is 1 (no filter), 3 or 5; throws InvalidArgument otherwise.
  explicit AnomalyMapFilter(int side);

  /// `anomaly` and `mask` share one 2D grid; returns the filtered map, still zero outside.
  Image apply(const Image& anomaly, const Image& mask) const;

 private:
  int m_side;
};

}  // namespace anomadiff::diffusion
