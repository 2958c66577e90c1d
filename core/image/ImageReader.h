#pragma once

#include "image/Image.h"
#include "image/ImageHeader.h"

#include <cstddef>
#include <filesystem>

namespace anomadiff {

/// Reads NIfTI (.nii, .nii.gz), MetaImage (.mha/.mhd), NRRD, PNG/JPEG (8 and 16 bit, kept at
/// full range) and DICOM series folders into float images. The header is read and checked
/// against a memory budget before any voxel buffer is allocated.
/// Throws IoError naming the file for a missing, corrupt, truncated or unsupported file, and for
/// an image larger than the budget.
class ImageReader {
 public:
  static constexpr std::size_t kDefaultMemoryBudgetBytes = std::size_t{4} << 30;

  explicit ImageReader(std::size_t memoryBudgetBytes = kDefaultMemoryBudgetBytes);

  /// Whether the name ends in one of the file formats read here (.nii, .nii.gz, .mha, .mhd,
  /// .nrrd, .nhdr, .png, .jpg, .jpeg; any case). DICOM files and series folders go by content.
  static bool hasImageFileName(const std::filesystem::path& path);

  ImageHeader readHeader(const std::filesystem::path& path) const;
  Image read(const std::filesystem::path& path) const;

 private:
  void checkBudget(const std::filesystem::path& path, const ImageHeader& header) const;

  std::size_t m_memoryBudgetBytes;
};

}  // namespace anomadiff
