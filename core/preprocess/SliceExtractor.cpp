#include "preprocess/SliceExtractor.h"

#include "common/Error.h"

#include <string>

namespace anomadiff::preprocess {
namespace {

/// The volume axes that become the slice's axes 0, 1 and 2.
std::array<int, 3> axisOrder(int axis) {
  if (axis == 0) return {1, 2, 0};
  if (axis == 1) return {0, 2, 1};
  return {0, 1, 2};
}

}  // namespace

ImageGeometry SliceExtractor::sliceGeometry(const ImageGeometry& volume, int axis,
                                            std::size_t index) {
  if (axis < 0 || axis > 2) {
    throw InvalidArgument("slice axis " + std::to_string(axis) + " is not 0, 1 or 2");
  }
  if (index >= volume.size[axis]) {
    throw InvalidArgument("slice " + std::to_string(index) + " is outside the volume's " +
                          std::to_string(volume.size[axis]) + " slices along axis " +
                          std::to_string(axis));
  }
  const std::array<int, 3> order = axisOrder(axis);
  ImageGeometry slice;
  for (int i = 0; i < 3; ++i) {
    slice.size[i] = i < 2 ? volume.size[order[i]] : 1;
    slice.spacing[i] = volume.spacing[order[i]];
    for (int row = 0; row < 3; ++row) {
      slice.direction[row * 3 + i] = volume.direction[row * 3 + order[i]];
    }
  }
  for (int row = 0; row < 3; ++row) {
    slice.origin[row] = volume.origin[row] + volume.direction[row * 3 + axis] *
                                                 volume.spacing[axis] * static_cast<double>(index);
  }
  return slice;
}

Image SliceExtractor::extract(const Image& volume, int axis, std::size_t index) {
  const ImageGeometry geometry = sliceGeometry(volume.geometry(), axis, index);
  const std::array<int, 3> order = axisOrder(axis);
  std::vector<float> voxels(geometry.voxelCount());
  std::size_t position[3];
  position[axis] = index;
  for (std::size_t v = 0; v < geometry.size[1]; ++v) {
    for (std::size_t u = 0; u < geometry.size[0]; ++u) {
      position[order[0]] = u;
      position[order[1]] = v;
      voxels[u + geometry.size[0] * v] = volume.at(position[0], position[1], position[2]);
    }
  }
  return Image(geometry, std::move(voxels), volume.storedAs());
}

}  // namespace anomadiff::preprocess
