#include "preprocess/AnatomicalOrientation.h"

#include "common/Error.h"

#include <array>
#include <cmath>
#include <cstddef>

namespace anomadiff::preprocess {
namespace {

/// ITK's physical frame is LPS: +x towards the patient's left, +y posterior, +z superior.
constexpr std::array<char, 3> kPositiveLetter{'L', 'P', 'S'};
constexpr std::array<char, 3> kNegativeLetter{'R', 'A', 'I'};

struct AxisDirection {
  int physical = -1;  ///< 0, 1, 2 for LPS x, y, z; -1 for a letter that is not an axis
  bool positive = true;
};

AxisDirection directionOfLetter(char letter) {
  for (int axis = 0; axis < 3; ++axis) {
    if (letter == kPositiveLetter[std::size_t(axis)]) return {axis, true};
    if (letter == kNegativeLetter[std::size_t(axis)]) return {axis, false};
  }
  return {};
}

double component(const ImageGeometry& geometry, int physical, int indexAxis) {
  return geometry.direction[std::size_t(physical * 3 + indexAxis)];
}

AxisDirection directionOfIndexAxis(const ImageGeometry& geometry, int indexAxis) {
  int best = 0;
  for (int physical = 1; physical < 3; ++physical) {
    if (std::abs(component(geometry, physical, indexAxis)) >
        std::abs(component(geometry, best, indexAxis))) {
      best = physical;
    }
  }
  return {best, component(geometry, best, indexAxis) >= 0.0};
}

}  // namespace

std::string AnatomicalOrientation::codeOf(const ImageGeometry& geometry) {
  std::string code;
  std::array<bool, 3> used{false, false, false};
  for (int indexAxis = 0; indexAxis < 3; ++indexAxis) {
    const AxisDirection direction = directionOfIndexAxis(geometry, indexAxis);
    if (used[std::size_t(direction.physical)]) return "";
    used[std::size_t(direction.physical)] = true;
    const auto physical = std::size_t(direction.physical);
    code += direction.positive ? kPositiveLetter[physical] : kNegativeLetter[physical];
  }
  return code;
}

bool AnatomicalOrientation::isValidCode(std::string_view code) {
  if (code.size() != 3) return false;
  std::array<bool, 3> used{false, false, false};
  for (const char letter : code) {
    const AxisDirection direction = directionOfLetter(letter);
    if (direction.physical < 0 || used[std::size_t(direction.physical)]) return false;
    used[std::size_t(direction.physical)] = true;
  }
  return true;
}

ImageGeometry AnatomicalOrientation::reoriented(const ImageGeometry& geometry,
                                                std::string_view code) {
  if (!isValidCode(code)) {
    throw InvalidArgument("orientation '" + std::string(code) +
                          "' is not a code such as RAS or LPS (one of R/L, A/P, S/I each)");
  }
  if (codeOf(geometry).empty()) {
    throw InvalidArgument("the image's axes are too oblique to name an orientation");
  }
  std::array<int, 3> sourceAxisOfPhysical{};
  std::array<bool, 3> positiveOfPhysical{};
  for (int indexAxis = 0; indexAxis < 3; ++indexAxis) {
    const AxisDirection direction = directionOfIndexAxis(geometry, indexAxis);
    sourceAxisOfPhysical[std::size_t(direction.physical)] = indexAxis;
    positiveOfPhysical[std::size_t(direction.physical)] = direction.positive;
  }
  ImageGeometry result = geometry;
  // The source index that becomes the new index 0: the last voxel along every flipped axis.
  std::array<double, 3> firstVoxel{0.0, 0.0, 0.0};
  for (std::size_t target = 0; target < 3; ++target) {
    const AxisDirection wanted = directionOfLetter(code[target]);
    const auto physical = std::size_t(wanted.physical);
    const auto source = std::size_t(sourceAxisOfPhysical[physical]);
    const bool flip = positiveOfPhysical[physical] != wanted.positive;
    result.size[target] = geometry.size[source];
    result.spacing[target] = geometry.spacing[source];
    for (std::size_t row = 0; row < 3; ++row) {
      const double value = geometry.direction[row * 3 + source];
      result.direction[row * 3 + target] = flip ? -value : value;
    }
    if (flip) firstVoxel[source] = double(geometry.size[source] - 1);
  }
  for (std::size_t row = 0; row < 3; ++row) {
    double offset = 0.0;
    for (std::size_t axis = 0; axis < 3; ++axis) {
      offset += geometry.direction[row * 3 + axis] * geometry.spacing[axis] * firstVoxel[axis];
    }
    result.origin[row] = geometry.origin[row] + offset;
  }
  return result;
}

}  // namespace anomadiff::preprocess
