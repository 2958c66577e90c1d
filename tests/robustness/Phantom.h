#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

namespace anomadiff::test {

/// A skull-stripped "brain" the intensity baseline can work on without a model: an ellipse of
/// tissue with a gentle ramp (80 … 120, so percentiles spread), a bright spot (220) left of the
/// centre, background 0. Integer values up to 255, so every datatype holds them exactly.
class Phantom {
 public:
  static std::vector<float> voxels(std::size_t width, std::size_t height, std::size_t depth = 1) {
    std::vector<float> values(width * height * depth, 0.0f);
    const double cx = (width - 1) / 2.0, cy = (height - 1) / 2.0;
    const double rx = std::max(width / 2.0 - 2, 0.6), ry = std::max(height / 2.0 - 2, 0.6);
    const double spotX = width / 3.0, spotY = cy;
    const double spotRadius = std::max(1.0, std::min(width, height) / 10.0);
    for (std::size_t z = 0; z < depth; ++z) {
      for (std::size_t y = 0; y < height; ++y) {
        for (std::size_t x = 0; x < width; ++x) {
          const double u = (x - cx) / rx, v = (y - cy) / ry;
          if (u * u + v * v > 1.0) continue;
          float value = 80.0f + std::floor(40.0f * x / width);
          if (std::hypot(x - spotX, y - spotY) <= spotRadius) value = 220.0f;
          values[(z * height + y) * width + x] = value;
        }
      }
    }
    return values;
  }
};

}  // namespace anomadiff::test
