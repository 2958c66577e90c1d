#include "image/ImageWriter.h"

#include "common/AtomicOutput.h"
#include "common/Error.h"
#include "image/ItkBridge.h"

#include <itkImageFileWriter.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace anomadiff {
namespace {

std::string lowerCaseName(const std::filesystem::path& path) {
  std::string name = path.filename().string();
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return name;
}

bool endsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

enum class Format { Volume, Png };

Format formatOf(const std::filesystem::path& path) {
  const std::string name = lowerCaseName(path);
  for (const char* suffix : {".nii", ".nii.gz", ".mha", ".nrrd"}) {
    if (endsWith(name, suffix)) return Format::Volume;
  }
  if (endsWith(name, ".png")) return Format::Png;
  throw IoError("cannot write image '" + path.string() +
                "': unsupported extension (use .nii, .nii.gz, .mha, .nrrd or .png)");
}

/// Copies a 2D image into an ITK image of the PNG pixel type and writes it.
template <typename Pixel>
void writePng(const Image& image, const std::filesystem::path& temporary) {
  using PngImage = itk::Image<Pixel, 2>;
  auto png = PngImage::New();
  typename PngImage::SizeType size{{image.width(), image.height()}};
  png->SetRegions(typename PngImage::RegionType(size));
  typename PngImage::SpacingType spacing;
  spacing[0] = image.geometry().spacing[0];
  spacing[1] = image.geometry().spacing[1];
  png->SetSpacing(spacing);
  png->Allocate();
  std::transform(image.voxels().begin(), image.voxels().end(), png->GetBufferPointer(),
                 [](float v) { return static_cast<Pixel>(v); });
  auto writer = itk::ImageFileWriter<PngImage>::New();
  writer->SetInput(png);
  writer->SetFileName(temporary.string());
  writer->Update();
}

void writePngImage(const Image& image, const std::filesystem::path& path,
                   const std::filesystem::path& temporary) {
  if (!image.geometry().is2D()) {
    throw IoError("cannot write image '" + path.string() +
                  "': PNG holds 2D images only, this one has " + std::to_string(image.depth()) +
                  " slices");
  }
  const auto notInteger = [](float v) {
    return !(v >= 0.0f && v <= 65535.0f && std::floor(v) == v);
  };
  if (std::any_of(image.voxels().begin(), image.voxels().end(), notInteger)) {
    throw IoError("cannot write image '" + path.string() +
                  "' as PNG: voxels must be integers in 0..65535 (write NIfTI for float data)");
  }
  const float maximum = *std::max_element(image.voxels().begin(), image.voxels().end());
  if (image.storedAs() == SampleType::UInt8 && maximum <= 255.0f) {
    writePng<unsigned char>(image, temporary);
  } else {
    writePng<unsigned short>(image, temporary);
  }
}

/// Masks (stored as uint8 with values 0..255) stay uint8 in volume files: a reader sees a
/// label image, and the file is a quarter of the float size.
bool isByteMask(const Image& image) {
  return image.storedAs() == SampleType::UInt8 &&
         std::all_of(image.voxels().begin(), image.voxels().end(),
                     [](float v) { return v >= 0.0f && v <= 255.0f && v == std::floor(v); });
}

void writeByteVolume(const Image& image, const std::filesystem::path& temporary) {
  using ByteImage3 = itk::Image<unsigned char, 3>;
  const auto floats = itkbridge::toItk(image);
  auto bytes = ByteImage3::New();
  bytes->CopyInformation(floats);
  bytes->SetRegions(floats->GetLargestPossibleRegion());
  bytes->Allocate();
  std::transform(image.voxels().begin(), image.voxels().end(), bytes->GetBufferPointer(),
                 [](float v) { return static_cast<unsigned char>(v); });
  auto writer = itk::ImageFileWriter<ByteImage3>::New();
  writer->SetInput(bytes);
  writer->SetFileName(temporary.string());
  writer->SetUseCompression(true);
  writer->Update();
}

}  // namespace

void ImageWriter::write(const Image& image, const std::filesystem::path& path) const {
  if (image.isEmpty()) throw IoError("cannot write an empty image to '" + path.string() + "'");
  const Format format = formatOf(path);
  itkbridge::registerImageIoFactories();
  AtomicOutput output(path);
  try {
    if (format == Format::Png) {
      writePngImage(image, path, output.temporaryPath());
    } else if (isByteMask(image)) {
      writeByteVolume(image, output.temporaryPath());
    } else {
      auto writer = itk::ImageFileWriter<itkbridge::FloatImage3>::New();
      writer->SetInput(itkbridge::toItk(image));
      writer->SetFileName(output.temporaryPath().string());
      writer->SetUseCompression(true);
      writer->Update();
    }
  } catch (const itk::ExceptionObject& error) {
    throw IoError("cannot write image '" + path.string() + "': " + error.GetDescription());
  }
  output.commit();
}

}  // namespace anomadiff
