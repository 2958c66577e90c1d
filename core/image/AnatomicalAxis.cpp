#include "image/AnatomicalAxis.h"

#include <cmath>
#include <cstddef>

namespace anomadiff {
namespace {

constexpr std::array<char, 3> kPositiveLetter{'L', 'P', 'S'};
constexpr std::array<char, 3> kNegativeLetter{'R', 'A', 'I'};

}  // namespace

AnatomicalAxis AnatomicalAxis::nearest(const std::array<double, 3>& direction) {
  int best = 0;
  for (int axis = 1; axis < 3; ++axis) {
    if (std::abs(direction[std::size_t(axis)]) > std::abs(direction[std::size_t(best)])) {
      best = axis;
    }
  }
  return {best, direction[std::size_t(best)] >= 0.0};
}

AnatomicalAxis AnatomicalAxis::ofIndexAxis(const ImageGeometry& geometry, int indexAxis) {
  std::array<double, 3> column{};
  for (std::size_t row = 0; row < 3; ++row) {
    column[row] = geometry.direction[row * 3 + std::size_t(indexAxis)];
  }
  return nearest(column);
}

AnatomicalAxis AnatomicalAxis::ofLetter(char letter) {
  for (int axis = 0; axis < 3; ++axis) {
    if (letter == kPositiveLetter[std::size_t(axis)]) return {axis, true};
    if (letter == kNegativeLetter[std::size_t(axis)]) return {axis, false};
  }
  return {};
}

char AnatomicalAxis::letter() const {
  if (physical < 0) return '?';
  return positive ? kPositiveLetter[std::size_t(physical)] : kNegativeLetter[std::size_t(physical)];
}

}  // namespace anomadiff
