#pragma once

#include "image/Image.h"

#include <filesystem>

namespace anomadiff {

/// Writes an image atomically (temporary file + rename), the format chosen by the extension:
/// .nii/.nii.gz/.mha/.nrrd as float32 with full geometry; .png as 8-bit when every voxel is an
/// integer in 0..255 and the image was stored as 8-bit, else 16-bit (integers in 0..65535).
/// Throws IoError for an unsupported extension, a PNG that cannot hold the values or a 3D PNG.
class ImageWriter {
 public:
  void write(const Image& image, const std::filesystem::path& path) const;
};

}  // namespace anomadiff
