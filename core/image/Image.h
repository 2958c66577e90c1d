#pragma once

#include "image/ImageGeometry.h"
#include "image/SampleType.h"

#include <cstddef>
#include <span>
#include <vector>

namespace anomadiff {

/// A scalar image with float voxels and its physical geometry. Voxels are stored x-fastest
/// (index = x + size[0] * (y + size[1] * z)), the ITK and NIfTI order.
class Image {
 public:
  Image() = default;
  /// Throws InvalidArgument when a size is 0 or the voxel count does not match.
  Image(ImageGeometry geometry, std::vector<float> voxels,
        SampleType storedAs = SampleType::Float32);
  static Image filled(ImageGeometry geometry, float value);

  const ImageGeometry& geometry() const { return m_geometry; }
  std::size_t width() const { return m_geometry.size[0]; }
  std::size_t height() const { return m_geometry.size[1]; }
  std::size_t depth() const { return m_geometry.size[2]; }
  std::size_t voxelCount() const { return m_voxels.size(); }
  bool isEmpty() const { return m_voxels.empty(); }
  SampleType storedAs() const { return m_storedAs; }

  std::size_t indexOf(std::size_t x, std::size_t y, std::size_t z) const {
    return x + m_geometry.size[0] * (y + m_geometry.size[1] * z);
  }
  float at(std::size_t x, std::size_t y, std::size_t z = 0) const {
    return m_voxels[indexOf(x, y, z)];
  }
  float& at(std::size_t x, std::size_t y, std::size_t z = 0) { return m_voxels[indexOf(x, y, z)]; }

  std::span<const float> voxels() const { return m_voxels; }
  std::span<float> voxels() { return m_voxels; }

  /// Number of NaN or infinite voxels; inputs with any are refused by the methods.
  std::size_t nonFiniteCount() const;

 private:
  ImageGeometry m_geometry;
  std::vector<float> m_voxels;
  SampleType m_storedAs = SampleType::Float32;
};

}  // namespace anomadiff
