#pragma once

#include "image/Image.h"

#include <array>
#include <cstddef>

namespace anomadiff {

/// Where on normal anatomy an anomaly map fires: the share of each intensity class of the brain
/// that lies above a threshold, pooled over healthy slices. A calibrated 5 % threshold marks
/// about 5 % of healthy brain pixels overall; a map that marks far more of the darkest pixels
/// (CSF: ventricles, sulci on T1) than of the rest lights normal structures, however good its
/// average precision looks (issue 14: a model that filled normal ventricles in its
/// pseudo-healthy image). Classes come from each slice's own brain histogram, so they hold
/// for any contrast and intensity scale.
class IntensityClassResponse {
 public:
  enum class Tissue { darkest, middle, brightest };
  /// The darkest class lies below this percentile of the slice's brain intensities, the
  /// brightest above 100 − it.
  static constexpr double kTailPercentile = 10.0;

  /// Counts the brain pixels of one slice (`brain` > 0) and those whose `anomaly` score is above
  /// `threshold`. image, brain and anomaly share one grid (InvalidArgument otherwise); a slice
  /// with an empty brain adds nothing.
  void add(const Image& image, const Image& brain, const Image& anomaly, double threshold);

  std::size_t pixels(Tissue tissue) const { return m_pixels[index(tissue)]; }
  /// Share of the class's pixels above the threshold; 0 when none was counted.
  double shareAbove(Tissue tissue) const;

 private:
  static std::size_t index(Tissue tissue) { return static_cast<std::size_t>(tissue); }

  std::array<std::size_t, 3> m_pixels{};
  std::array<std::size_t, 3> m_above{};
};

}  // namespace anomadiff
