#include "preprocess/AnatomicalOrientation.h"

#include "common/Error.h"
#include "image/AnatomicalAxis.h"
#include "preprocess/AffineTransform.h"

#include <array>
#include <cstddef>

namespace anomadiff::preprocess {
std::string AnatomicalOrientation::codeOf(const ImageGeometry& geometry) {
  std::string code;
  std::array<bool, 3> used{false, false, false};
  for (int indexAxis = 0; indexAxis < 3; ++indexAxis) {
    const AnatomicalAxis axis = AnatomicalAxis::ofIndexAxis(geometry, indexAxis);
    if (used[std::size_t(axis.physical)]) return "";
    used[std::size_t(axis.physical)] = true;
    code += axis.letter();
  }
  return code;
}

bool AnatomicalOrientation::isValidCode(std::string_view code) {
  if (code.size() != 3) return false;
  std::array<bool, 3> used{false, false, false};
  for (const char letter : code) {
    const AnatomicalAxis axis = AnatomicalAxis::ofLetter(letter);
    if (axis.physical < 0 || used[std::size_t(axis.physical)]) return false;
    used[std::size_t(axis.physical)] = true;
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
    const AnatomicalAxis axis = AnatomicalAxis::ofIndexAxis(geometry, indexAxis);
    sourceAxisOfPhysical[std::size_t(axis.physical)] = indexAxis;
    positiveOfPhysical[std::size_t(axis.physical)] = axis.positive;
  }
  ImageGeometry result = geometry;
  // The source index that becomes the new index 0: the last voxel along every flipped axis.
  std::array<double, 3> firstVoxel{0.0, 0.0, 0.0};
  for (std::size_t target = 0; target < 3; ++target) {
    const AnatomicalAxis wanted = AnatomicalAxis::ofLetter(code[target]);
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
  result.origin = AffineTransform::indexToPhysical(geometry).apply(firstVoxel);
  return result;
}

}  // namespace anomadiff::preprocess
