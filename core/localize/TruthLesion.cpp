#include "localize/TruthLesion.h"

#include "localize/ComponentBoxFinder.h"

#include <algorithm>

namespace anomadiff {
namespace {

constexpr float kLabelLevel = 0.5f;

/// Mean index of the label voxels inside `box`; a neighbour's voxels only count when boxes of
/// two lesions overlap, which the synthetic cases avoid.
std::array<double, 3> centroidIn(const Image& label, const BoundingBox& box) {
  std::array<double, 3> sum{0.0, 0.0, 0.0};
  double count = 0.0;
  for (std::size_t z = box.z; z < box.z + std::max<std::size_t>(box.depth, 1); ++z) {
    for (std::size_t y = box.y; y < box.y + box.height; ++y) {
      for (std::size_t x = box.x; x < box.x + box.width; ++x) {
        if (!(label.at(x, y, z) > kLabelLevel)) continue;
        sum[0] += static_cast<double>(x);
        sum[1] += static_cast<double>(y);
        sum[2] += static_cast<double>(z);
        count += 1.0;
      }
    }
  }
  if (count == 0.0) return TruthLesion::ofBox(box).centroid;
  return {sum[0] / count, sum[1] / count, sum[2] / count};
}

bool within(double position, std::size_t start, std::size_t length) {
  return position >= static_cast<double>(start) - 0.5 &&
         position <= static_cast<double>(start + std::max<std::size_t>(length, 1)) - 0.5;
}

}  // namespace

TruthLesion TruthLesion::ofBox(const BoundingBox& box) {
  const auto centre = [](std::size_t start, std::size_t length) {
    return static_cast<double>(start) +
           (static_cast<double>(std::max<std::size_t>(length, 1)) - 1.0) / 2.0;
  };
  return {box, {centre(box.x, box.width), centre(box.y, box.height), centre(box.z, box.depth)}};
}

std::vector<TruthLesion> TruthLesion::fromLabel(const Image& label) {
  std::vector<TruthLesion> lesions;
  for (const BoundingBox& box : ComponentBoxFinder(1).find(label, Image(), kLabelLevel)) {
    lesions.push_back({box, centroidIn(label, box)});
  }
  return lesions;
}

bool TruthLesion::centroidInside(const BoundingBox& candidate) const {
  return within(centroid[0], candidate.x, candidate.width) &&
         within(centroid[1], candidate.y, candidate.height) &&
         within(centroid[2], candidate.z, candidate.depth);
}

}  // namespace anomadiff
