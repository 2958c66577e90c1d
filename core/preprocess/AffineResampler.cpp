#include "preprocess/AffineResampler.h"

#include "preprocess/VoxelSampler.h"

namespace anomadiff::preprocess {

Image AffineResampler::resample(const Image& source, const ImageGeometry& target,
                                const AffineTransform& targetToSource, Interpolation interpolation,
                                float outside) {
  // One affine map from target index to continuous source index, so the inner loop is a few
  // multiply-adds per voxel even for 181x217x181 volumes.
  const AffineTransform map =
      AffineTransform::indexToPhysical(source.geometry())
          .inverse()
          .after(targetToSource.after(AffineTransform::indexToPhysical(target)));
  const auto& m = map.matrix();
  const VoxelSampler sample(source, interpolation, outside);
  Image result = Image::filled(target, outside);
  for (std::size_t z = 0; z < target.size[2]; ++z) {
    for (std::size_t y = 0; y < target.size[1]; ++y) {
      const AffineTransform::Point row = map.apply({0.0, double(y), double(z)});
      for (std::size_t x = 0; x < target.size[0]; ++x) {
        // Multiplied, not accumulated: identical grids must map to exact integer indices.
        const double i = double(x);
        result.at(x, y, z) = sample(row[0] + i * m[0], row[1] + i * m[3], row[2] + i * m[6]);
      }
    }
  }
  return result;
}

}  // namespace anomadiff::preprocess
