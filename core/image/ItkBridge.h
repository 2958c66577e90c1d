#pragma once
// Private to anomadiff_core: converts between our Image and ITK images. Never include from a
// public header (gui/ and app/ must not see ITK types).

#include "image/Image.h"

#include <itkImage.h>
#include <itkImageIOBase.h>

namespace anomadiff::itkbridge {

using FloatImage3 = itk::Image<float, 3>;

/// Registers the IO factories of the formats we read; safe to call many times.
void registerImageIoFactories();

ImageGeometry geometryOf(const itk::ImageBase<3>& image);
void applyGeometry(itk::ImageBase<3>& image, const ImageGeometry& geometry);
SampleType sampleTypeOf(itk::IOComponentEnum component);

Image toImage(const FloatImage3& image, SampleType storedAs);
FloatImage3::Pointer toItk(const Image& image);

}  // namespace anomadiff::itkbridge
