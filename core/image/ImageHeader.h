#pragma once

#include "image/ImageGeometry.h"
#include "image/SampleType.h"

namespace anomadiff {

/// What a file says about its image before any voxel is read.
struct ImageHeader {
  ImageGeometry geometry;
  SampleType sampleType = SampleType::Float32;
  unsigned components = 1;
};

}  // namespace anomadiff
