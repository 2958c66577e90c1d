#include "image/NiftiHeaderCheck.h"

#include "common/Error.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace anomadiff {
namespace {

using GzFile = std::unique_ptr<gzFile_s, decltype(&gzclose)>;

/// The fields of a NIfTI-1 header the checks need, in host byte order.
struct NiftiFields {
  std::array<std::int16_t, 8> dim{};
  std::int16_t datatype = 0;
  std::array<float, 8> pixdim{};
  float voxOffset = 352.0f;
  std::int16_t qformCode = 0;
  std::array<float, 6> qform{};  // quatern_b, c, d, qoffset_x, y, z
  std::int16_t sformCode = 0;
  std::array<float, 12> srow{};  // srow_x, srow_y, srow_z
  bool swapped = false;
};

[[noreturn]] void refuse(const std::filesystem::path& path, const std::string& problem) {
  throw IoError("cannot read image '" + path.string() + "': " + problem);
}

template <typename T>
T field(const unsigned char* header, std::size_t offset, bool swapped) {
  T value;
  std::memcpy(&value, header + offset, sizeof(T));
  if (!swapped) return value;
  unsigned char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  for (std::size_t i = 0; i < sizeof(T) / 2; ++i) std::swap(bytes[i], bytes[sizeof(T) - 1 - i]);
  std::memcpy(&value, bytes, sizeof(T));
  return value;
}

NiftiFields parse(const unsigned char* header) {
  NiftiFields fields;
  std::int32_t size = 0;
  std::memcpy(&size, header, 4);
  fields.swapped = size != 348;
  const bool s = fields.swapped;
  for (std::size_t i = 0; i < 8; ++i) fields.dim[i] = field<std::int16_t>(header, 40 + 2 * i, s);
  fields.datatype = field<std::int16_t>(header, 70, s);
  for (std::size_t i = 0; i < 8; ++i) fields.pixdim[i] = field<float>(header, 76 + 4 * i, s);
  fields.voxOffset = field<float>(header, 108, s);
  fields.qformCode = field<std::int16_t>(header, 252, s);
  for (std::size_t i = 0; i < 6; ++i) fields.qform[i] = field<float>(header, 256 + 4 * i, s);
  fields.sformCode = field<std::int16_t>(header, 254, s);
  for (std::size_t i = 0; i < 12; ++i) fields.srow[i] = field<float>(header, 280 + 4 * i, s);
  return fields;
}

/// ITK scales the qform by the spacings and divides them out again in float: a spacing that is
/// 0, or so small that float makes it 0 (a denormal), turns the direction matrix into NaN and
/// vnl aborts the process. No voxel is smaller than a nanometre or larger than 1000 km.
void checkSpacing(const std::filesystem::path& path, int axis, double spacing) {
  const double magnitude = std::abs(spacing);
  if (!std::isfinite(spacing) || magnitude < 1e-6 || magnitude > 1e9) {
    refuse(path, "voxel spacing " + std::to_string(spacing) + " along axis " +
                     std::to_string(axis) + " is not a plausible size in mm");
  }
}

void checkSizes(const std::filesystem::path& path, const NiftiFields& fields) {
  const int dimensions = fields.dim[0];
  if (dimensions < 1 || dimensions > 7) {
    refuse(path, "the header's dim[0] = " + std::to_string(dimensions) + " is outside 1..7");
  }
  for (int axis = 1; axis <= dimensions; ++axis) {
    const int size = fields.dim[axis];
    if (size < 0) {
      refuse(path, "negative size " + std::to_string(size) + " along axis " + std::to_string(axis));
    }
    if (size == 0) refuse(path, "empty image (size 0 along axis " + std::to_string(axis) + ")");
  }
  for (int axis = 1; axis <= std::min(dimensions, 3); ++axis) {
    checkSpacing(path, axis, fields.pixdim[axis]);
  }
}

void checkDatatype(const std::filesystem::path& path, const NiftiFields& fields) {
  switch (fields.datatype) {
    case 32:
    case 1792:
    case 2048:  // COMPLEX64, COMPLEX128, COMPLEX256
      refuse(path, "complex-valued voxels are not supported (store the magnitude)");
    case 128:
    case 2304:  // RGB24, RGBA32
      refuse(path, "RGB colour voxels are not supported (store one grey channel)");
    default:
      return;
  }
}

/// nifticlib's NIFTI_VERSION: any magic "n+1" … "n+9" or "ni1" … "ni9" makes a NIfTI-1 header,
/// whatever its sizeof_hdr says, so such a header must not skip the checks here.
bool hasNifti1Magic(const unsigned char* header) {
  const unsigned char* magic = header + 344;
  return magic[0] == 'n' && (magic[1] == '+' || magic[1] == 'i') && magic[2] >= '1' &&
         magic[2] <= '9' && magic[3] == '\0';
}

/// A NaN, infinite or absurd vox_offset is no file position: converting it to one is undefined
/// behaviour (here and in nifticlib). No file is 2^60 bytes.
void checkVoxOffset(const std::filesystem::path& path, const NiftiFields& fields) {
  if (!(fields.voxOffset < 0x1p60f)) {
    refuse(path, "its vox_offset " + std::to_string(fields.voxOffset) +
                     " is not a byte position in the file");
  }
}

/// ITK 5.2 takes the qform's and the sform's matrices apart with vnl_svd in float, which aborts
/// the process on a NaN or infinite entry and loops for minutes once squares overflow (an
/// offset of -2.7e38). No scanner coordinate is a million kilometres.
constexpr double kMaxTransformValue = 1e9;

bool isPlausible(double value) {
  return std::isfinite(value) && std::abs(value) <= kMaxTransformValue;
}

/// Every entry of a transform (NIfTI-1 floats or NIfTI-2 doubles) passes isPlausible.
template <typename Values>
bool allPlausible(const Values& values) {
  return std::all_of(values.begin(), values.end(), [](double value) { return isPlausible(value); });
}

[[noreturn]] void refuseTransform(const std::filesystem::path& path, const char* transform) {
  refuse(path,
         std::string("the ") + transform + " holds a NaN, infinite or absurd value (beyond ±1e9)");
}

void checkTransforms(const std::filesystem::path& path, const NiftiFields& fields) {
  if (fields.qformCode > 0 && !allPlausible(fields.qform)) refuseTransform(path, "qform");
  if (fields.sformCode > 0 && !allPlausible(fields.srow)) refuseTransform(path, "sform");
}

/// A sform whose columns are not orthogonal shears the voxels; ITK would drop the shear.
void checkSform(const std::filesystem::path& path, const NiftiFields& fields) {
  if (fields.sformCode <= 0) return;
  std::array<std::array<double, 3>, 3> columns{};
  for (std::size_t c = 0; c < 3; ++c) {
    double length = 0.0;
    for (std::size_t r = 0; r < 3; ++r) {
      columns[c][r] = fields.srow[r * 4 + c];
      length += columns[c][r] * columns[c][r];
    }
    if (!(length > 0.0) || !std::isfinite(length)) {
      refuse(path, "the sform direction matrix is singular (axis " + std::to_string(c + 1) +
                       " has length 0)");
    }
    for (double& value : columns[c]) value /= std::sqrt(length);
  }
  for (std::size_t a = 0; a < 3; ++a) {
    for (std::size_t b = a + 1; b < 3; ++b) {
      const double dot = columns[a][0] * columns[b][0] + columns[a][1] * columns[b][1] +
                         columns[a][2] * columns[b][2];
      if (std::abs(dot) > 1e-3) {
        refuse(path, "the sform direction matrix is sheared (axes " + std::to_string(a + 1) +
                         " and " + std::to_string(b + 1) + " are not orthogonal)");
      }
    }
  }
}

/// Counts NaN and infinite values of float32/float64 voxels; nifticlib would turn them into 0.
template <typename Float>
std::uint64_t nonFiniteIn(gzFile file, const NiftiFields& fields) {
  std::vector<unsigned char> buffer(1 << 16);
  std::uint64_t count = 0;
  int read = 0;
  while ((read = gzread(file, buffer.data(), static_cast<unsigned>(buffer.size()))) > 0) {
    for (int i = 0; i + int(sizeof(Float)) <= read; i += int(sizeof(Float))) {
      if (!std::isfinite(field<Float>(buffer.data(), std::size_t(i), fields.swapped))) ++count;
    }
  }
  return count;
}

void checkFiniteVoxels(const std::filesystem::path& path, gzFile file, const NiftiFields& fields) {
  if (fields.datatype != 16 && fields.datatype != 64) return;
  const auto offset = static_cast<z_off_t>(std::max(fields.voxOffset, 352.0f));
  if (gzseek(file, offset, SEEK_SET) != offset) return;  // the payload check reports truncation
  const std::uint64_t bad =
      fields.datatype == 16 ? nonFiniteIn<float>(file, fields) : nonFiniteIn<double>(file, fields);
  if (bad > 0) refuse(path, std::to_string(bad) + " NaN or infinite voxels");
}

/// NIfTI-2 (sizeof_hdr 540) is otherwise left to ITK; only what makes it abort is checked: the
/// qform and sform, which ITK's vnl_svd takes apart, and the spacings that scale them.
void checkNifti2(const std::filesystem::path& path, gzFile file,
                 const std::array<unsigned char, 348>& start, bool swapped) {
  std::array<unsigned char, 540> header{};
  std::memcpy(header.data(), start.data(), start.size());
  if (gzread(file, header.data() + start.size(), 540 - start.size()) != 540 - int(start.size())) {
    refuse(path, "the NIfTI-2 header is truncated (fewer than 540 bytes)");
  }
  const auto doubles = [&](std::size_t offset, std::size_t count) {
    std::vector<double> values(count);
    for (std::size_t i = 0; i < count; ++i) {
      values[i] = field<double>(header.data(), offset + 8 * i, swapped);
    }
    return values;
  };
  const auto dimensions = field<std::int64_t>(header.data(), 16, swapped);
  if (dimensions < 1 || dimensions > 7) {
    refuse(path, "the header's dim[0] = " + std::to_string(dimensions) + " is outside 1..7");
  }
  for (int axis = 1; axis <= std::min<int>(int(dimensions), 3); ++axis) {
    checkSpacing(path, axis, field<double>(header.data(), 104 + 8 * std::size_t(axis), swapped));
  }
  if (field<std::int32_t>(header.data(), 344, swapped) > 0 && !allPlausible(doubles(352, 6))) {
    refuseTransform(path, "qform");
  }
  if (field<std::int32_t>(header.data(), 348, swapped) > 0 && !allPlausible(doubles(400, 12))) {
    refuseTransform(path, "sform");
  }
}

}  // namespace

void NiftiHeaderCheck::verify(const std::filesystem::path& path, bool voxels) {
  GzFile file(gzopen(path.c_str(), "rb"), &gzclose);
  if (!file) refuse(path, "cannot open the file");
  std::array<unsigned char, 348> header{};
  if (gzread(file.get(), header.data(), header.size()) != int(header.size())) {
    refuse(path, "the NIfTI header is truncated (fewer than 348 bytes)");
  }
  std::int32_t size = 0;
  std::memcpy(&size, header.data(), 4);
  if (size == 540 || size == 0x1C020000) {
    checkNifti2(path, file.get(), header, size != 540);
    return;
  }
  if (size != 348 && size != 0x5C010000) {
    if (hasNifti1Magic(header.data())) {
      refuse(path, "the NIfTI-1 header's sizeof_hdr is " + std::to_string(size) + ", not 348");
    }
    return;  // not NIfTI: ITK decides
  }
  const NiftiFields fields = parse(header.data());
  checkSizes(path, fields);
  checkDatatype(path, fields);
  checkVoxOffset(path, fields);
  checkTransforms(path, fields);
  checkSform(path, fields);
  if (voxels) checkFiniteVoxels(path, file.get(), fields);
}

}  // namespace anomadiff
