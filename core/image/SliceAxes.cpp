#include "image/SliceAxes.h"

#include <array>
#include <cmath>
#include <cstddef>

namespace anomadiff {

namespace {

constexpr int kX = 0;
constexpr int kY = 1;
constexpr int kZ = 2;

double component(const ImageGeometry& geometry, int physical, int indexAxis) {
  return geometry
      .direction[static_cast<std::size_t>(physical) * 3 + static_cast<std::size_t>(indexAxis)];
}

// The physical axis (LPS x, y or z) an index axis is closest to.
int dominantPhysicalAxis(const ImageGeometry& geometry, int indexAxis) {
  int best = kX;
  for (int physical = kY; physical <= kZ; ++physical) {
    if (std::abs(component(geometry, physical, indexAxis)) >
        std::abs(component(geometry, best, indexAxis))) {
      best = physical;
    }
  }
  return best;
}

bool growsAgainst(const ImageGeometry& geometry, int physical, int indexAxis) {
  return component(geometry, physical, indexAxis) < 0.0;
}

// A 2D image shows its own plane. Right follows +x or +y (patient left, posterior); down follows
// +y (so anterior is up), -z (superior up) or +x.
SliceAxes planeAxes(const ImageGeometry& geometry) {
  const int columnAxis = dominantPhysicalAxis(geometry, 0);
  const int rowAxis = dominantPhysicalAxis(geometry, 1);
  const bool columnAgainst = growsAgainst(geometry, columnAxis, 0);
  const bool rowAgainst = growsAgainst(geometry, rowAxis, 1);
  return {0, 1, 2, columnAgainst, rowAxis == kZ ? !rowAgainst : rowAgainst};
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
    const int physical = dominantPhysicalAxis(geometry, indexAxis);
    indexAxisOf[static_cast<std::size_t>(physical)] = indexAxis;
    against[static_cast<std::size_t>(physical)] = growsAgainst(geometry, physical, indexAxis);
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
