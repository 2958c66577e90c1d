#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace anomadiff::test {

/// Writes a NIfTI-1 single file (.nii) byte by byte, so a test can forge any header field: the
/// 348-byte header, a 4-byte empty extension, then the voxels encoded in the chosen datatype and
/// byte order. By default a valid image: qform identity (code 1), spacing 1, little endian.
class NiftiBuilder {
 public:
  enum Datatype : std::int16_t {
    kUInt8 = 2,
    kInt16 = 4,
    kFloat32 = 16,
    kComplex64 = 32,
    kRgb24 = 128,
    kUInt16 = 512,
    kInt64 = 1024,
  };

  NiftiBuilder(std::vector<float> voxels, std::array<std::int64_t, 3> size)
      : m_voxels(std::move(voxels)) {
    m_dim = {3, 1, 1, 1, 1, 1, 1, 1};
    for (int axis = 0; axis < 3; ++axis) m_dim[axis + 1] = size[axis];
  }

  /// dim[0..7] as stored (short): dim[0] the rank, then the extents; anything, even negative.
  NiftiBuilder& dim(std::vector<std::int64_t> values) {
    std::fill(m_dim.begin(), m_dim.end(), 1);
    std::copy(values.begin(), values.end(), m_dim.begin());
    return *this;
  }
  NiftiBuilder& datatype(Datatype type) {
    m_datatype = type;
    return *this;
  }
  NiftiBuilder& spacing(float x, float y, float z) {
    m_pixdim[1] = x;
    m_pixdim[2] = y;
    m_pixdim[3] = z;
    return *this;
  }
  NiftiBuilder& bigEndian() {
    m_bigEndian = true;
    return *this;
  }
  /// An sform (rows of the RAS affine) beside the qform; a sheared one has non-orthogonal columns.
  NiftiBuilder& sform(std::array<std::array<float, 4>, 3> rows) {
    m_sform = rows;
    m_sformCode = 1;
    return *this;
  }

  std::string bytes() const {
    std::string header(348, '\0');
    put<std::int32_t>(header, 0, 348);
    for (std::size_t i = 0; i < 8; ++i)
      put<std::int16_t>(header, 40 + 2 * i, static_cast<std::int16_t>(m_dim[i]));
    put<std::int16_t>(header, 70, m_datatype);
    put<std::int16_t>(header, 72, static_cast<std::int16_t>(8 * bytesPerVoxel()));
    for (std::size_t i = 0; i < 8; ++i) put<float>(header, 76 + 4 * i, m_pixdim[i]);
    put<float>(header, 108, 352.0f);    // vox_offset
    put<float>(header, 112, 1.0f);      // scl_slope
    header[123] = 2;                    // xyzt_units: mm
    put<std::int16_t>(header, 252, 1);  // qform_code: scanner; quaternion 0 = identity
    put<std::int16_t>(header, 254, m_sformCode);
    for (std::size_t r = 0; r < 3; ++r) {
      for (std::size_t c = 0; c < 4; ++c) put<float>(header, 280 + 16 * r + 4 * c, m_sform[r][c]);
    }
    std::memcpy(header.data() + 344, "n+1\0", 4);
    return header + std::string(4, '\0') + voxelBytes();
  }

 private:
  std::size_t bytesPerVoxel() const {
    switch (m_datatype) {
      case kUInt8:
        return 1;
      case kInt16:
      case kUInt16:
        return 2;
      case kRgb24:
        return 3;
      case kFloat32:
        return 4;
      case kComplex64:
      case kInt64:
        return 8;
    }
    return 4;
  }

  template <class T>
  void put(std::string& bytes, std::size_t offset, T value) const {
    char raw[sizeof(T)];
    std::memcpy(raw, &value, sizeof(T));
    if (m_bigEndian) std::reverse(raw, raw + sizeof(T));
    std::memcpy(bytes.data() + offset, raw, sizeof(T));
  }

  template <class T>
  void append(std::string& bytes, T value) const {
    bytes.resize(bytes.size() + sizeof(T));
    put<T>(bytes, bytes.size() - sizeof(T), value);
  }

  std::string voxelBytes() const {
    std::string bytes;
    for (const float v : m_voxels) {
      switch (m_datatype) {
        case kUInt8:
          append<std::uint8_t>(bytes, static_cast<std::uint8_t>(v));
          break;
        case kInt16:
          append<std::int16_t>(bytes, static_cast<std::int16_t>(v));
          break;
        case kUInt16:
          append<std::uint16_t>(bytes, static_cast<std::uint16_t>(v));
          break;
        case kFloat32:
          append<float>(bytes, v);
          break;
        case kInt64:
          append<std::int64_t>(bytes, static_cast<std::int64_t>(v));
          break;
        case kComplex64:  // real part v, imaginary part v/2: not a real image
          append<float>(bytes, v);
          append<float>(bytes, v / 2);
          break;
        case kRgb24:  // a reddish image: the channels differ
          for (const float c : {v, v / 2, v / 4}) append<std::uint8_t>(bytes, std::uint8_t(c));
          break;
      }
    }
    return bytes;
  }

  std::vector<float> m_voxels;
  std::array<std::int64_t, 8> m_dim{};
  Datatype m_datatype = kFloat32;
  std::array<float, 8> m_pixdim{1, 1, 1, 1, 1, 1, 1, 1};  // pixdim[0] = qfac
  std::array<std::array<float, 4>, 3> m_sform{};
  std::int16_t m_sformCode = 0;
  bool m_bigEndian = false;
};

}  // namespace anomadiff::test
