#pragma once

#include "Gzip.h"

#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <vector>

namespace anomadiff::test {

/// A map the CLI wrote (.nii.gz, little endian, float32 or uint8), read without the product's
/// reader so a bug there cannot hide in the check.
class ResultMap {
 public:
  explicit ResultMap(const std::filesystem::path& path) {
    const std::string bytes = Gzip::readFile(path);
    if (bytes.size() < 352) return;
    for (std::size_t axis = 0; axis < 3; ++axis)
      m_size[axis] = get<std::int16_t>(bytes, 42 + 2 * axis);
    const auto datatype = get<std::int16_t>(bytes, 70);
    const auto offset = static_cast<std::size_t>(get<float>(bytes, 108));
    const std::size_t count = std::size_t(m_size[0]) * m_size[1] * m_size[2];
    const std::size_t each = datatype == 16 ? 4 : 1;
    if (bytes.size() < offset + count * each) return;
    for (std::size_t i = 0; i < count; ++i) {
      m_voxels.push_back(datatype == 16 ? get<float>(bytes, offset + 4 * i)
                                        : float(std::uint8_t(bytes[offset + i])));
    }
    m_valid = true;
  }

  bool valid() const { return m_valid; }
  std::array<std::int64_t, 3> size() const { return m_size; }
  const std::vector<float>& voxels() const { return m_voxels; }
  bool allFinite() const {
    for (const float v : m_voxels)
      if (!std::isfinite(v)) return false;
    return true;
  }

 private:
  template <class T>
  static T get(const std::string& bytes, std::size_t offset) {
    T value;
    std::memcpy(&value, bytes.data() + offset, sizeof(T));
    return value;
  }

  std::array<std::int64_t, 3> m_size{};
  std::vector<float> m_voxels;
  bool m_valid = false;
};

}  // namespace anomadiff::test
