#include "image/SliceAxes.h"

#include "image/AnatomicalAxis.h"

#include <array>
#include <cstddef>

namespace anomadiff {

namespace {

constexpr int kX = 0;
constexpr int kY = 1;
constexpr int kZ = 2;

// A 2D image shows its own plane. Right follows +x or +y (patient left, posterior); down follows
// +y (so anterior is up), -z (superior up) or +x.
SliceAxes planeAxes(const ImageGeometry& geometry) {
  const AnatomicalAxis column = AnatomicalAxis::ofIndexAxis(geometry, 0);
  const AnatomicalAxis row = AnatomicalAxis::ofIndexAxis(geometry, 1);
  return {0, 1, 2, !column.positive, row.physical == kZ ? row.positive : !row.positive};
}

}  // namespace

SliceAxes sliceAxesFor(const ImageGeometry& geometry, SliceOrientation orientation) {
  if (geometry.is2D()) {
    return planeAxes(geometry);
  }
  // For each physical axis: the index axis along it, and whether that index grows against it.
  std::array<int, 3> indexAxisOf{-1, -1, -1};
  std::array<bool, 3> against{false, false, false};
  for (int indexAxis = 0; indexAxis < 3; ++indexAxis) {
    const AnatomicalAxis axis = AnatomicalAxis::ofIndexAxis(geometry, indexAxis);
    indexAxisOf[static_cast<std::size_t>(axis.physical)] = indexAxis;
    against[static_cast<std::size_t>(axis.physical)] = !axis.positive;
  }
  for (const int axis : indexAxisOf) {
    if (axis < 0) {
      indexAxisOf = {0, 1, 2};
      against = {false, false, false};
      break;
    }
  }
  const auto [x, y, z] = indexAxisOf;
  switch (orientation) {
    case SliceOrientation::Coronal:
      // Right = +x (patient left); down = -z (inferior), so flip when the index grows to +z.
      return {x, z, y, against[kX], !against[kZ]};
    case SliceOrientation::Sagittal:
      // Right = +y (posterior: anterior on the left); down = -z.
      return {y, z, x, against[kY], !against[kZ]};
    case SliceOrientation::Axial:
    default:
      // Right = +x (patient left); down = +y (posterior: anterior up).
      return {x, y, z, against[kX], against[kY]};
  }
}

}  // namespace anomadiff
