#include "image/DicomSeriesWriter.h"

#include "common/AtomicOutput.h"
#include "common/DecimalString.h"
#include "common/Error.h"
#include "image/DicomUid.h"
#include "image/ItkBridge.h"

#include <itkGDCMImageIO.h>
#include <itkImageFileWriter.h>
#include <itkMetaDataObject.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <limits>
#include <sstream>

namespace anomadiff {
namespace {

using SliceImage = itk::Image<short, 2>;

std::string storageClassUid(const std::string& modality) {
  if (modality == "MR") return "1.2.840.10008.5.1.4.1.1.4";
  if (modality == "CT") return "1.2.840.10008.5.1.4.1.1.2";
  return "1.2.840.10008.5.1.4.1.1.7";  // secondary capture
}

std::string decimal(double value) {
  return decimalString(value, 10);  // DICOM decimal strings hold at most 16 characters
}

std::string joined(std::initializer_list<double> values) {
  std::string text;
  for (double value : values) text += (text.empty() ? "" : "\\") + decimal(value);
  return text;
}

SliceImage::Pointer sliceOf(const Image& image, std::size_t z) {
  auto slice = SliceImage::New();
  SliceImage::SizeType size{{image.width(), image.height()}};
  slice->SetRegions(SliceImage::RegionType(size));
  SliceImage::SpacingType spacing;
  spacing[0] = image.geometry().spacing[0];
  spacing[1] = image.geometry().spacing[1];
  slice->SetSpacing(spacing);
  slice->Allocate();
  const auto planeSize = image.width() * image.height();
  const auto first = image.voxels().begin() + static_cast<std::ptrdiff_t>(z * planeSize);
  std::transform(first, first + static_cast<std::ptrdiff_t>(planeSize), slice->GetBufferPointer(),
                 [](float v) { return static_cast<short>(v); });
  return slice;
}

}  // namespace

void DicomSeriesWriter::write(const Image& image, const std::filesystem::path& folder) const {
  const auto outOfRange = [](float v) {
    return !(std::floor(v) == v && v >= std::numeric_limits<short>::min() &&
             v <= std::numeric_limits<short>::max());
  };
  if (std::any_of(image.voxels().begin(), image.voxels().end(), outOfRange)) {
    throw IoError("cannot write DICOM series '" + folder.string() +
                  "': voxels must be integers in the int16 range");
  }
  AtomicOutput output(folder);
  std::filesystem::create_directories(output.temporaryPath());
  const std::string studyUid = DicomUid::generate();
  const std::string seriesUid = DicomUid::generate();
  // Shared by all slices: objects derived from the series (a SEG) refer to positions through it.
  const std::string frameOfReferenceUid = DicomUid::generate();
  const auto& g = image.geometry();
  const std::string orientation = joined({g.direction[0], g.direction[3], g.direction[6],
                                          g.direction[1], g.direction[4], g.direction[7]});
  for (std::size_t z = 0; z < image.depth(); ++z) {
    auto io = itk::GDCMImageIO::New();
    io->KeepOriginalUIDOn();  // one study/series UID for all slices, or readers split them
    auto slice = sliceOf(image, z);
    // ImageFileWriter hands the image's dictionary to the IO, replacing the IO's own.
    auto& tags = slice->GetMetaDataDictionary();
    const double k = static_cast<double>(z) * g.spacing[2];
    const std::initializer_list<double> position = {g.origin[0] + g.direction[2] * k,
                                                    g.origin[1] + g.direction[5] * k,
                                                    g.origin[2] + g.direction[8] * k};
    itk::EncapsulateMetaData<std::string>(tags, "0008|0060", m_modality);
    itk::EncapsulateMetaData<std::string>(tags, "0008|0016", storageClassUid(m_modality));
    itk::EncapsulateMetaData<std::string>(tags, "0020|000d", studyUid);
    itk::EncapsulateMetaData<std::string>(tags, "0020|000e", seriesUid);
    itk::EncapsulateMetaData<std::string>(tags, "0020|0052", frameOfReferenceUid);
    itk::EncapsulateMetaData<std::string>(tags, "0008|0018", DicomUid::generate());
    itk::EncapsulateMetaData<std::string>(tags, "0010|0010", m_patientName);
    itk::EncapsulateMetaData<std::string>(tags, "0010|0020", m_patientId);
    itk::EncapsulateMetaData<std::string>(tags, "0020|0013", std::to_string(z + 1));
    itk::EncapsulateMetaData<std::string>(tags, "0020|0032", joined(position));
    itk::EncapsulateMetaData<std::string>(tags, "0020|0037", orientation);
    itk::EncapsulateMetaData<std::string>(tags, "0028|0030", joined({g.spacing[1], g.spacing[0]}));
    itk::EncapsulateMetaData<std::string>(tags, "0018|0050", decimal(g.spacing[2]));
    // ITK would write its 2D slice's third spacing (1) here: derived objects read the real one.
    itk::EncapsulateMetaData<std::string>(tags, "0018|0088", decimal(g.spacing[2]));
    itk::EncapsulateMetaData<std::string>(tags, "0020|0011", "1");  // series number
    auto writer = itk::ImageFileWriter<SliceImage>::New();
    writer->SetImageIO(io);
    writer->SetInput(slice);
    std::ostringstream name;
    name << "slice" << std::setw(5) << std::setfill('0') << z << ".dcm";
    writer->SetFileName((output.temporaryPath() / name.str()).string());
    try {
      writer->Update();
    } catch (const itk::ExceptionObject& error) {
      throw IoError("cannot write DICOM series '" + folder.string() +
                    "': " + error.GetDescription());
    }
  }
  output.commit();
}

}  // namespace anomadiff
