#pragma once
// Private to anomadiff_core: the one wording for "this image does not fit that grid".

#include "common/Error.h"
#include "image/Image.h"

#include <string>

namespace anomadiff::preprocess {

inline std::string sizeText(const ImageGeometry& geometry) {
  return std::to_string(geometry.size[0]) + "x" + std::to_string(geometry.size[1]) + "x" +
         std::to_string(geometry.size[2]);
}

/// Throws InvalidArgument naming `what` and both sizes when the image's size is not expected's.
inline void requireSize(const Image& image, const ImageGeometry& expected, const char* what) {
  if (image.geometry().size != expected.size) {
    throw InvalidArgument(std::string(what) + " size " + sizeText(image.geometry()) +
                          " differs from the expected " + sizeText(expected));
  }
}

}  // namespace anomadiff::preprocess
