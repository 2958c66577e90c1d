#include "ReadImageCheck.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace anomadiff::fuzz {
namespace {

[[noreturn]] void broken(const char* promise) {
  std::fprintf(stderr, "ReadImageCheck: ImageReader returned an image with %s\n", promise);
  std::abort();
}

}  // namespace

void ReadImageCheck::verify(const Image& image) {
  const ImageGeometry& geometry = image.geometry();
  if (image.voxelCount() != geometry.voxelCount() || image.isEmpty()) {
    broken("a voxel count that does not match its size");
  }
  for (double spacing : geometry.spacing) {
    if (!std::isfinite(spacing) || spacing <= 0.0) broken("a spacing that is not positive");
  }
  const auto& d = geometry.direction;
  for (std::size_t a = 0; a < 3; ++a) {
    for (std::size_t b = a; b < 3; ++b) {
      const double dot = d[a] * d[b] + d[3 + a] * d[3 + b] + d[6 + a] * d[6 + b];
      // The reader's own tolerance is 1e-3; 1e-2 only flags real shears.
      if (!(std::abs(dot - (a == b ? 1.0 : 0.0)) <= 1e-2)) broken("non-orthonormal axes");
    }
  }
  // Touch every voxel, so AddressSanitizer sees a buffer shorter than the image claims.
  double sum = 0.0;
  for (float voxel : image.voxels()) sum += voxel;
  volatile double sink = sum;
  (void)sink;
}

}  // namespace anomadiff::fuzz
