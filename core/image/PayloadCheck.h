#pragma once
// Private to anomadiff_core.

#include <itkImageIOBase.h>

#include <filesystem>

namespace anomadiff {

/// ITK's NIfTI and MetaImage readers fill a truncated file's missing voxels with zeros and only
/// print a console warning. This check compares the data bytes a file holds with what its
/// header promises, before the voxels are read (NRRD fails in ITK too, but says no reason).
/// Other formats (PNG, DICOM) already fail in ITK with a reason. Throws IoError naming the file and
/// the byte counts.
class PayloadCheck {
 public:
  static void verify(const std::filesystem::path& path, const itk::ImageIOBase& io);

 private:
  static void verifyNifti(const std::filesystem::path& path, std::uint64_t bytesNeeded);
  static void verifyMetaImage(const std::filesystem::path& path, std::uint64_t bytesNeeded);
  static void verifyNrrd(const std::filesystem::path& path, std::uint64_t bytesNeeded);
};

}  // namespace anomadiff
