#pragma once

#include <span>

namespace anomadiff {

/// Otsu's threshold of a set of scores (256-bin histogram between their minimum and maximum):
/// the value that best separates two classes, used when no calibrated threshold exists.
class OtsuThreshold {
 public:
  /// Throws InvalidArgument for an empty span. Constant scores give that constant.
  static double of(std::span<const float> scores);
};

}  // namespace anomadiff
