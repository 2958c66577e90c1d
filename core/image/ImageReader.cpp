#include "image/ImageReader.h"

#include "common/Error.h"
#include "image/DicomFileCheck.h"
#include "image/DicomSeries.h"
#include "image/FileSignature.h"
#include "image/FileSuffix.h"
#include "image/ItkBridge.h"
#include "image/NiftiHeaderCheck.h"
#include "image/PayloadCheck.h"
#include "image/PngHeaderCheck.h"
#include "image/TextHeaderCheck.h"

#include <itkImageFileReader.h>
#include <itkMetaDataObject.h>
#include <itkObjectFactoryBase.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <mutex>
#include <optional>
#include <sstream>
#include <vector>

namespace anomadiff {
namespace {

std::string quoted(const std::filesystem::path& path) {
  return "'" + path.string() + "'";
}

/// The first line of an ITK message, without ITK's file/line prefix; a line that ends in ':'
/// (NRRD: "Error reading FILE:") is joined with the next, which holds the reason.
std::string shortReason(const itk::ExceptionObject& error) {
  std::istringstream lines(error.GetDescription());
  std::string reason;
  for (std::string line; std::getline(lines, line);) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    reason += (reason.empty() ? "" : " ") + line.substr(line.find_first_not_of(" \t"));
    if (reason.back() != ':') break;
  }
  return reason.empty() ? "unknown ITK error" : reason;
}

std::string foreignDataReason(const std::string& format) {
  return "it holds " + format + " data under another format's extension (rename it)";
}

/// Why no reader took the file: another format under a wrong name, or damage.
std::string unreadableReason(const std::filesystem::path& path) {
  const auto bytes = std::filesystem::file_size(path);
  const std::string format = FileSignature::formatOf(path);
  const bool named = (format == "PNG" && hasSuffix(path, {".png"})) ||
                     (format == "JPEG" && hasSuffix(path, {".jpg", ".jpeg"})) ||
                     (format == "gzip-compressed" && hasSuffix(path, {".gz"})) ||
                     (format == "NIfTI" && hasSuffix(path, {".nii"})) ||
                     (format == "NRRD" && hasSuffix(path, {".nrrd", ".nhdr"})) ||
                     (format == "MetaImage" && hasSuffix(path, {".mha", ".mhd"})) ||
                     (format == "DICOM" && !ImageReader::hasImageFileName(path));
  if (!format.empty() && !named) return foreignDataReason(format);
  return "not a NIfTI, MetaImage, NRRD, PNG, JPEG or DICOM file, or corrupt or truncated (" +
         std::to_string(bytes) + " bytes)";
}

/// A text-header format's name over binary data (a DICOM or PNG file renamed .mha) is refused
/// as such before the header checks, which would only say that its "header" is not text.
void checkTextHeaderNameFitsData(const std::filesystem::path& path, const std::string& format) {
  if (!hasSuffix(path, {".mha", ".mhd", ".nrrd", ".nhdr"})) return;
  if (format == "PNG" || format == "JPEG" || format == "gzip-compressed" || format == "DICOM") {
    throw IoError("cannot read image " + quoted(path) + ": " + foreignDataReason(format));
  }
}

/// A file without an image format's name is offered to GDCM, which asserts on some damaged
/// files and some that are not DICOM at all (a gzip stream, 7 bytes of text), aborting the
/// process: DCMTK parses it first (DicomFileCheck), whatever its first bytes announce.
void checkDcmtkParses(const std::filesystem::path& path, const std::string& format) {
  if (ImageReader::hasImageFileName(path)) return;
  const auto problem = DicomFileCheck::problemOf(path, DicomFileCheck::Use::ReadAsImage);
  if (!problem) return;
  throw IoError("cannot read image " + quoted(path) + ": " +
                (format == "DICOM" ? "damaged or not a DICOM image (" + *problem + ")"
                                   : unreadableReason(path)));
}

/// ITK's choice (ImageIOFactory::CreateImageIO) without GDCM for files that are not DICOM: asked
/// whether it can read a file, GDCM parses it, and on a damaged or foreign one allocates the
/// lengths it declares (gigabytes for a few bytes) or fails an assertion, which aborts. So a file
/// named as another format (.nii, .mha, .png …) never reaches GDCM, even with DICOM's preamble
/// (a DICOM file so named is refused as DICOM data under another format's extension).
itk::ImageIOBase::Pointer createImageIo(const std::filesystem::path& path) {
  itkbridge::registerImageIoFactories();
  const bool maybeDicom = !ImageReader::hasImageFileName(path);
  static std::mutex lock;  // as in CreateImageIO
  std::lock_guard<std::mutex> guard(lock);
  for (auto& object : itk::ObjectFactoryBase::CreateAllInstance("itkImageIOBase")) {
    itk::ImageIOBase::Pointer io = dynamic_cast<itk::ImageIOBase*>(object.GetPointer());
    if (!io || (!maybeDicom && std::string(io->GetNameOfClass()) == "GDCMImageIO")) continue;
    if (io->CanReadFile(path.c_str())) {
      io->SetFileName(path.string());
      return io;
    }
  }
  throw IoError("cannot read image " + quoted(path) + ": " + unreadableReason(path));
}

itk::ImageIOBase::Pointer openFile(const std::filesystem::path& path) {
  auto io = createImageIo(path);
  try {
    io->ReadImageInformation();
  } catch (const itk::ExceptionObject& error) {
    throw IoError("cannot read header of image " + quoted(path) + ": " + shortReason(error));
  }
  return io;
}

/// A NIfTI row of the sform ("srow_x" …: "a b c d") from ITK's dictionary.
std::optional<std::array<double, 4>> sformRow(const itk::MetaDataDictionary& dictionary,
                                              const char* key) {
  std::string text;
  if (!itk::ExposeMetaData<std::string>(dictionary, key, text)) return std::nullopt;
  std::istringstream fields(text);
  std::array<double, 4> row{};
  for (double& value : row) {
    if (!(fields >> value)) return std::nullopt;
  }
  return row;
}

/// Whether the NIfTI transform `key` ("qform_code_name", "sform_code_name") is set.
bool hasTransform(const itk::MetaDataDictionary& dictionary, const char* key) {
  std::string name;
  return itk::ExposeMetaData<std::string>(dictionary, key, name) && !name.empty() &&
         name != "NIFTI_XFORM_UNKNOWN";
}

/// The geometry the sform gives a NIfTI volume that also has a qform, when the two disagree.
/// FSL, MRIcron and nibabel place voxels by the sform; ITK 5.2 takes the qform. FSL's atlases
/// in mricron-data (Harvard-Oxford, JHU) carry a qform 126 mm and 72 mm off their sform, so
/// read with ITK's choice they would name the wrong gyrus.
std::optional<ImageGeometry> sformGeometry(const itk::ImageIOBase& io,
                                           const ImageGeometry& itkGeometry) {
  const auto& dictionary = io.GetMetaDataDictionary();
  if (!hasTransform(dictionary, "sform_code_name") || !hasTransform(dictionary, "qform_code_name"))
    return std::nullopt;
  std::array<std::array<double, 4>, 3> rows;
  const char* keys[] = {"srow_x", "srow_y", "srow_z"};
  for (std::size_t r = 0; r < 3; ++r) {
    const auto row = sformRow(dictionary, keys[r]);
    if (!row) return std::nullopt;
    // NIfTI is RAS, ITK's frame LPS: negate x and y.
    const double sign = r < 2 ? -1.0 : 1.0;
    for (std::size_t c = 0; c < 4; ++c) rows[r][c] = sign * (*row)[c];
  }
  ImageGeometry geometry = itkGeometry;
  for (std::size_t axis = 0; axis < 3; ++axis) {
    const double length = std::hypot(rows[0][axis], rows[1][axis], rows[2][axis]);
    if (!(length > 0.0)) return std::nullopt;
    geometry.spacing[axis] = length;
    for (std::size_t r = 0; r < 3; ++r) geometry.direction[r * 3 + axis] = rows[r][axis] / length;
  }
  for (std::size_t r = 0; r < 3; ++r) geometry.origin[r] = rows[r][3];
  constexpr double kTolerance = 1e-3;
  for (std::size_t i = 0; i < 3; ++i) {
    if (std::abs(geometry.origin[i] - itkGeometry.origin[i]) > kTolerance) return geometry;
    if (std::abs(geometry.spacing[i] - itkGeometry.spacing[i]) > kTolerance) return geometry;
  }
  for (std::size_t i = 0; i < 9; ++i) {
    if (std::abs(geometry.direction[i] - itkGeometry.direction[i]) > kTolerance) return geometry;
  }
  return std::nullopt;
}

/// Spacing and direction a slice view and the intake can use: positive finite spacing and
/// orthonormal axes (a sheared or singular matrix cannot be shown or resampled faithfully).
void checkGeometry(const std::filesystem::path& path, const ImageGeometry& geometry) {
  for (std::size_t axis = 0; axis < 3; ++axis) {
    const double spacing = geometry.spacing[axis];
    if (!std::isfinite(spacing) || spacing <= 0.0) {
      throw IoError("cannot read image " + quoted(path) + ": voxel spacing " +
                    std::to_string(spacing) + " along axis " + std::to_string(axis + 1) +
                    " is not a positive number");
    }
  }
  const auto& d = geometry.direction;
  for (std::size_t a = 0; a < 3; ++a) {
    for (std::size_t b = a; b < 3; ++b) {
      const double dot = d[a] * d[b] + d[3 + a] * d[3 + b] + d[6 + a] * d[6 + b];
      if (std::abs(dot - (a == b ? 1.0 : 0.0)) > 1e-3 || !std::isfinite(dot)) {
        throw IoError("cannot read image " + quoted(path) +
                      ": its direction matrix is sheared or singular (axes not orthonormal)");
      }
    }
  }
}

ImageHeader headerFromIo(const std::filesystem::path& path, itk::ImageIOBase& io) {
  const unsigned dimensions = io.GetNumberOfDimensions();
  ImageHeader header;
  for (unsigned axis = 0; axis < dimensions; ++axis) {
    if (axis >= 3) {
      if (io.GetDimensions(axis) > 1) {
        throw IoError("cannot read image " + quoted(path) + ": " + std::to_string(dimensions) +
                      "D images with more than one volume are not supported");
      }
      continue;
    }
    header.geometry.size[axis] = io.GetDimensions(axis);
    header.geometry.spacing[axis] = io.GetSpacing(axis);
    header.geometry.origin[axis] = io.GetOrigin(axis);
    // Column `axis` of the direction cosines (the identity beyond the file's dimensions).
    const std::vector<double> column = io.GetDirection(axis);
    for (std::size_t row = 0; row < std::min<std::size_t>(3, column.size()); ++row) {
      header.geometry.direction[row * 3 + axis] = column[row];
    }
  }
  for (unsigned axis = dimensions; axis < 3; ++axis) header.geometry.size[axis] = 1;
  if (dimensions == 3) {
    if (const auto bySform = sformGeometry(io, header.geometry)) header.geometry = *bySform;
  }
  header.sampleType = itkbridge::sampleTypeOf(io.GetComponentType());
  header.components = io.GetNumberOfComponents();
  return header;
}

}  // namespace

bool ImageReader::hasImageFileName(const std::filesystem::path& path) {
  return hasSuffix(path,
                   {".nii", ".nii.gz", ".mha", ".mhd", ".nrrd", ".nhdr", ".png", ".jpg", ".jpeg"});
}

ImageReader::ImageReader(std::size_t memoryBudgetBytes) : m_memoryBudgetBytes(memoryBudgetBytes) {}

ImageHeader ImageReader::readHeader(const std::filesystem::path& path) const {
  if (!std::filesystem::exists(path)) throw IoError("image " + quoted(path) + " does not exist");
  if (std::filesystem::is_directory(path)) return DicomSeries::find(path).header();
  if (std::filesystem::is_regular_file(path) && std::filesystem::file_size(path) == 0) {
    throw IoError("cannot read image " + quoted(path) + ": the file is empty (0 bytes)");
  }
  const std::string format = FileSignature::formatOf(path);
  checkTextHeaderNameFitsData(path, format);
  checkDcmtkParses(path, format);
  TextHeaderCheck::verify(path);
  if (hasSuffix(path, {".nii", ".nii.gz"})) NiftiHeaderCheck::verify(path, false);
  if (format == "PNG") PngHeaderCheck::verify(path);
  auto io = openFile(path);
  if (io->GetPixelType() == itk::IOPixelEnum::COMPLEX) {
    throw IoError("cannot read image " + quoted(path) +
                  ": complex-valued voxels are not supported (store the magnitude)");
  }
  const ImageHeader header = headerFromIo(path, *io);
  checkGeometry(path, header.geometry);
  return header;
}

void ImageReader::checkBudget(const std::filesystem::path& path, const ImageHeader& header) const {
  const auto& size = header.geometry.size;
  // Divide instead of multiply so a forged header cannot overflow the check itself.
  std::size_t limit = m_memoryBudgetBytes / sizeof(float);
  for (std::size_t extent : {size[0], size[1], size[2], std::size_t{header.components}}) {
    if (extent == 0) throw IoError("image " + quoted(path) + " has an empty axis");
    if (extent > limit) {
      std::ostringstream message;
      message << "image " << quoted(path) << " of size " << size[0] << "x" << size[1] << "x"
              << size[2] << " exceeds the memory budget of " << (m_memoryBudgetBytes >> 20)
              << " MiB";
      throw IoError(message.str());
    }
    limit /= extent;
  }
}

Image ImageReader::read(const std::filesystem::path& path) const {
  // A folder is scanned once (each file checked, then GDCM's series split), not once for the
  // header and again for the voxels.
  std::optional<DicomSeries> series;
  if (std::filesystem::is_directory(path)) series = DicomSeries::find(path);
  const ImageHeader header = series ? series->header() : readHeader(path);
  checkBudget(path, header);
  try {
    if (series) return series->read();
    if (hasSuffix(path, {".nii", ".nii.gz"})) NiftiHeaderCheck::verify(path, true);
    auto io = openFile(path);
    PayloadCheck::verify(path, *io);
    using Reader = itk::ImageFileReader<itkbridge::FloatImage3>;
    auto reader = Reader::New();
    reader->SetImageIO(io);
    reader->SetFileName(path.string());
    reader->Update();
    Image image = itkbridge::toImage(*reader->GetOutput(), header.sampleType);
    if (image.geometry() == header.geometry) return image;
    // The sform's placement (see sformGeometry): same voxels, the header's geometry.
    return Image(header.geometry, std::vector<float>(image.voxels().begin(), image.voxels().end()),
                 header.sampleType);
  } catch (const itk::ExceptionObject& error) {
    throw IoError("cannot read voxels of image " + quoted(path) + ": " + shortReason(error));
  } catch (const std::bad_alloc&) {
    throw IoError("out of memory reading image " + quoted(path));
  }
}

}  // namespace anomadiff
