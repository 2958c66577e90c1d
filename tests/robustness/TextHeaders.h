#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace anomadiff::test {

/// MetaImage (.mha/.mhd) and NRRD files written as text headers plus raw int16 voxels, with any
/// header field forged: what a test needs to hand the readers a broken file.
class TextHeaders {
 public:
  struct Fields {
    std::string size = "64 64 1";
    std::string spacing = "1 1 1";
    std::string direction = "1 0 0 0 1 0 0 0 1";  // MetaImage TransformMatrix
    bool bigEndian = false;
    std::string dataFile = "LOCAL";         // MetaImage ElementDataFile
    std::string elementType = "MET_SHORT";  // MET_FLOAT: voxels from float32()
  };

  static std::string metaImage(const Fields& fields) {
    return "ObjectType = Image\nNDims = 3\nBinaryData = True\nBinaryDataByteOrderMSB = " +
           boolean(fields.bigEndian) +
           "\nCompressedData = False\nTransformMatrix = " + fields.direction +
           "\nOffset = 0 0 0\nElementSpacing = " + fields.spacing + "\nDimSize = " + fields.size +
           "\nElementType = " + fields.elementType + "\nElementDataFile = " + fields.dataFile +
           "\n";
  }

  static std::string nrrd(const Fields& fields) {
    return "NRRD0004\ntype: short\ndimension: 3\nsizes: " + fields.size +
           "\nspacings: " + fields.spacing + "\nendian: " + (fields.bigEndian ? "big" : "little") +
           "\nencoding: raw\n\n";
  }

  static std::string float32(const std::vector<float>& voxels) {
    std::string bytes(voxels.size() * sizeof(float), '\0');
    std::memcpy(bytes.data(), voxels.data(), bytes.size());
    return bytes;
  }

  static std::string int16(const std::vector<float>& voxels, bool bigEndian = false) {
    std::string bytes;
    for (const float v : voxels) {
      char raw[2];
      const auto value = static_cast<std::int16_t>(v);
      std::memcpy(raw, &value, 2);
      if (bigEndian) std::swap(raw[0], raw[1]);
      bytes.append(raw, 2);
    }
    return bytes;
  }

 private:
  static std::string boolean(bool value) { return value ? "True" : "False"; }
};

}  // namespace anomadiff::test
