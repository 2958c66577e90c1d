#include "image/ImageReader.h"

#include "common/Error.h"
#include "image/DicomSeries.h"
#include "image/ItkBridge.h"
#include "image/PayloadCheck.h"

#include <itkImageFileReader.h>
#include <itkImageIOFactory.h>

#include <algorithm>
#include <sstream>
#include <vector>

namespace anomadiff {
namespace {

std::string quoted(const std::filesystem::path& path) {
  return "'" + path.string() + "'";
}

/// The first line of an ITK message, without ITK's file/line prefix.
std::string shortReason(const itk::ExceptionObject& error) {
  std::string reason = error.GetDescription();
  if (const auto newline = reason.find('\n'); newline != std::string::npos) reason.resize(newline);
  return reason.empty() ? "unknown ITK error" : reason;
}

itk::ImageIOBase::Pointer createImageIo(const std::filesystem::path& path) {
  itkbridge::registerImageIoFactories();
  auto io =
      itk::ImageIOFactory::CreateImageIO(path.c_str(), itk::CommonEnums::IOFileMode::ReadMode);
  if (!io) {
    throw IoError("cannot read image " + quoted(path) +
                  ": not a NIfTI, MetaImage, NRRD, PNG, JPEG or DICOM file, or corrupt");
  }
  io->SetFileName(path.string());
  return io;
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
  header.sampleType = itkbridge::sampleTypeOf(io.GetComponentType());
  header.components = io.GetNumberOfComponents();
  return header;
}

}  // namespace

ImageReader::ImageReader(std::size_t memoryBudgetBytes) : m_memoryBudgetBytes(memoryBudgetBytes) {}

ImageHeader ImageReader::readHeader(const std::filesystem::path& path) const {
  if (!std::filesystem::exists(path)) throw IoError("image " + quoted(path) + " does not exist");
  if (std::filesystem::is_directory(path)) return DicomSeries::find(path).header();
  return headerFromIo(path, *openFile(path));
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
  const ImageHeader header = readHeader(path);
  checkBudget(path, header);
  try {
    if (std::filesystem::is_directory(path)) return DicomSeries::find(path).read();
    auto io = openFile(path);
    PayloadCheck::verify(path, *io);
    using Reader = itk::ImageFileReader<itkbridge::FloatImage3>;
    auto reader = Reader::New();
    reader->SetImageIO(io);
    reader->SetFileName(path.string());
    reader->Update();
    return itkbridge::toImage(*reader->GetOutput(), header.sampleType);
  } catch (const itk::ExceptionObject& error) {
    throw IoError("cannot read voxels of image " + quoted(path) + ": " + shortReason(error));
  } catch (const std::bad_alloc&) {
    throw IoError("out of memory reading image " + quoted(path));
  }
}

}  // namespace anomadiff
