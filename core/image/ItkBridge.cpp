#include "image/ItkBridge.h"

#include <itkGDCMImageIOFactory.h>
#include <itkJPEGImageIOFactory.h>
#include <itkMetaImageIOFactory.h>
#include <itkNiftiImageIOFactory.h>
#include <itkNrrdImageIOFactory.h>
#include <itkPNGImageIOFactory.h>

#include <algorithm>
#include <mutex>

namespace anomadiff::itkbridge {

void registerImageIoFactories() {
  // Explicit registration instead of ITK_USE_FILE's generated manager: the list of formats we
  // accept is visible here, and no other IO module can be picked up by accident.
  static std::once_flag once;
  std::call_once(once, [] {
    itk::NiftiImageIOFactory::RegisterOneFactory();
    itk::MetaImageIOFactory::RegisterOneFactory();
    itk::NrrdImageIOFactory::RegisterOneFactory();
    itk::PNGImageIOFactory::RegisterOneFactory();
    itk::JPEGImageIOFactory::RegisterOneFactory();
    itk::GDCMImageIOFactory::RegisterOneFactory();
  });
}

ImageGeometry geometryOf(const itk::ImageBase<3>& image) {
  ImageGeometry geometry;
  const auto size = image.GetLargestPossibleRegion().GetSize();
  for (unsigned axis = 0; axis < 3; ++axis) {
    geometry.size[axis] = size[axis];
    geometry.spacing[axis] = image.GetSpacing()[axis];
    geometry.origin[axis] = image.GetOrigin()[axis];
    for (unsigned column = 0; column < 3; ++column) {
      geometry.direction[axis * 3 + column] = image.GetDirection()(axis, column);
    }
  }
  return geometry;
}

void applyGeometry(itk::ImageBase<3>& image, const ImageGeometry& geometry) {
  itk::ImageBase<3>::SpacingType spacing;
  itk::ImageBase<3>::PointType origin;
  itk::ImageBase<3>::DirectionType direction;
  for (unsigned axis = 0; axis < 3; ++axis) {
    spacing[axis] = geometry.spacing[axis];
    origin[axis] = geometry.origin[axis];
    for (unsigned column = 0; column < 3; ++column) {
      direction(axis, column) = geometry.direction[axis * 3 + column];
    }
  }
  image.SetSpacing(spacing);
  image.SetOrigin(origin);
  image.SetDirection(direction);
}

SampleType sampleTypeOf(itk::IOComponentEnum component) {
  switch (component) {
    case itk::IOComponentEnum::UCHAR:
      return SampleType::UInt8;
    case itk::IOComponentEnum::CHAR:
      return SampleType::Int8;
    case itk::IOComponentEnum::USHORT:
      return SampleType::UInt16;
    case itk::IOComponentEnum::SHORT:
      return SampleType::Int16;
    case itk::IOComponentEnum::UINT:
      return SampleType::UInt32;
    case itk::IOComponentEnum::INT:
      return SampleType::Int32;
    case itk::IOComponentEnum::DOUBLE:
      return SampleType::Float64;
    default:
      return SampleType::Float32;
  }
}

Image toImage(const FloatImage3& image, SampleType storedAs) {
  const ImageGeometry geometry = geometryOf(image);
  const float* begin = image.GetBufferPointer();
  return Image(geometry, std::vector<float>(begin, begin + geometry.voxelCount()), storedAs);
}

FloatImage3::Pointer toItk(const Image& image) {
  auto result = FloatImage3::New();
  FloatImage3::SizeType size;
  for (unsigned axis = 0; axis < 3; ++axis) size[axis] = image.geometry().size[axis];
  result->SetRegions(FloatImage3::RegionType(size));
  applyGeometry(*result, image.geometry());
  result->Allocate();
  std::copy(image.voxels().begin(), image.voxels().end(), result->GetBufferPointer());
  return result;
}

}  // namespace anomadiff::itkbridge
