#pragma once

#include "image/Image.h"

namespace anomadiff::fuzz {

/// What ImageReader promises about every image it returns (image/ImageReader.cpp, checkGeometry
/// and checkBudget): a voxel per grid point, positive finite spacings and orthonormal axes. A
/// fuzzed file that breaks a promise aborts the harness, which libFuzzer reports as a crash; a
/// wrong geometry would otherwise place findings at the wrong anatomy without any error.
class ReadImageCheck {
 public:
  static void verify(const Image& image);
};

}  // namespace anomadiff::fuzz
