#pragma once
// Private to anomadiff_core: reads an Image at continuous voxel indices. Shared by the in-plane
// Resampler, the AffineResampler and the deformation lesions so that all of them agree on what
// "outside the image" means.

#include "image/Image.h"
#include "preprocess/Interpolation.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace anomadiff::preprocess {

class VoxelSampler {
 public:
  /// `outside` is returned for points farther than half a voxel beyond the first or last voxel
  /// centre of any axis; within that half voxel the edge voxel is repeated, so an image sampled
  /// exactly on its own grid returns its own voxels.
  VoxelSampler(const Image& image, Interpolation interpolation, float outside)
      : m_image(image), m_interpolation(interpolation), m_outside(outside) {}

  float operator()(double x, double y, double z) const {
    const auto& size = m_image.geometry().size;
    if (!inside(x, size[0]) || !inside(y, size[1]) || !inside(z, size[2])) return m_outside;
    if (m_interpolation == Interpolation::Nearest) {
      return m_image.at(nearest(x, size[0]), nearest(y, size[1]), nearest(z, size[2]));
    }
    return linear(x, y, z);
  }

 private:
  static bool inside(double coordinate, std::size_t size) {
    return coordinate >= -0.5 && coordinate <= static_cast<double>(size) - 0.5;
  }
  static std::size_t nearest(double coordinate, std::size_t size) {
    const double rounded = std::floor(coordinate + 0.5);
    return static_cast<std::size_t>(std::clamp(rounded, 0.0, static_cast<double>(size - 1)));
  }

  float linear(double x, double y, double z) const {
    const auto& size = m_image.geometry().size;
    std::size_t low[3];
    std::size_t high[3];
    double fraction[3];
    const double coordinate[3] = {x, y, z};
    for (int axis = 0; axis < 3; ++axis) {
      const double last = static_cast<double>(size[axis] - 1);
      const double c = std::clamp(coordinate[axis], 0.0, last);
      const double f = std::floor(c);
      low[axis] = static_cast<std::size_t>(f);
      high[axis] = std::min(low[axis] + 1, size[axis] - 1);
      fraction[axis] = c - f;
    }
    double sum = 0.0;
    for (int corner = 0; corner < 8; ++corner) {
      double weight = 1.0;
      std::size_t index[3];
      for (int axis = 0; axis < 3; ++axis) {
        const bool upper = (corner >> axis) & 1;
        weight *= upper ? fraction[axis] : 1.0 - fraction[axis];
        index[axis] = upper ? high[axis] : low[axis];
      }
      // Skipping zero weights keeps exact grid points exact (no 0 * value rounding noise).
      if (weight != 0.0) sum += weight * m_image.at(index[0], index[1], index[2]);
    }
    return static_cast<float>(sum);
  }

  const Image& m_image;
  Interpolation m_interpolation;
  float m_outside;
};

}  // namespace anomadiff::preprocess
