#include "image/Image.h"

#include "common/Error.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace anomadiff {

Image::Image(ImageGeometry geometry, std::vector<float> voxels, SampleType storedAs)
    : m_geometry(geometry), m_voxels(std::move(voxels)), m_storedAs(storedAs) {
  if (geometry.voxelCount() == 0) {
    throw InvalidArgument("image size " + std::to_string(geometry.size[0]) + "x" +
                          std::to_string(geometry.size[1]) + "x" +
                          std::to_string(geometry.size[2]) + " has an empty axis");
  }
  if (m_voxels.size() != geometry.voxelCount()) {
    throw InvalidArgument("image has " + std::to_string(m_voxels.size()) +
                          " voxels but its geometry needs " +
                          std::to_string(geometry.voxelCount()));
  }
}

Image Image::filled(ImageGeometry geometry, float value) {
  return Image(geometry, std::vector<float>(geometry.voxelCount(), value));
}

std::size_t Image::nonFiniteCount() const {
  return static_cast<std::size_t>(
      std::count_if(m_voxels.begin(), m_voxels.end(), [](float v) { return !std::isfinite(v); }));
}

std::string_view sampleTypeName(SampleType type) {
  switch (type) {
    case SampleType::UInt8:
      return "uint8";
    case SampleType::Int8:
      return "int8";
    case SampleType::UInt16:
      return "uint16";
    case SampleType::Int16:
      return "int16";
    case SampleType::UInt32:
      return "uint32";
    case SampleType::Int32:
      return "int32";
    case SampleType::Float32:
      return "float32";
    case SampleType::Float64:
      return "float64";
  }
  return "unknown";
}

}  // namespace anomadiff
