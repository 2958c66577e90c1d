#include "image/ScreenLetters.h"

#include <array>
#include <cmath>
#include <cstddef>

namespace anomadiff {
namespace {

using Direction = std::array<double, 3>;

/// The physical (LPS) direction of an index axis, reversed when the screen runs against it.
Direction screenDirection(const ImageGeometry& geometry, int indexAxis, bool flipped) {
  Direction direction{};
  for (std::size_t row = 0; row < 3; ++row) {
    const double value = geometry.direction[row * 3 + std::size_t(indexAxis)];
    direction[row] = flipped ? -value : value;
  }
  return direction;
}

char letterOf(const Direction& direction, bool towards) {
  std::size_t axis = 0;
  for (std::size_t candidate = 1; candidate < 3; ++candidate) {
    if (std::abs(direction[candidate]) > std::abs(direction[axis])) axis = candidate;
  }
  const bool positive = (direction[axis] >= 0.0) == towards;
  constexpr std::array<char, 3> kPositive{'L', 'P', 'S'};  // ITK's LPS frame
  constexpr std::array<char, 3> kNegative{'R', 'A', 'I'};
  return positive ? kPositive[axis] : kNegative[axis];
}

}  // namespace

ScreenLetters screenLettersFor(const ImageGeometry& geometry, const SliceAxes& axes) {
  const Direction right = screenDirection(geometry, axes.column, axes.flipColumns);
  const Direction down = screenDirection(geometry, axes.row, axes.flipRows);
  return {letterOf(right, false), letterOf(right, true), letterOf(down, false),
          letterOf(down, true)};
}

}  // namespace anomadiff
