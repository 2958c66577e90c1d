#include "localize/BoxMatcher.h"

#include <algorithm>

namespace anomadiff {
namespace {

double overlap(std::size_t start1, std::size_t length1, std::size_t start2, std::size_t length2) {
  const std::size_t low = std::max(start1, start2);
  const std::size_t high = std::min(start1 + length1, start2 + length2);
  return high > low ? static_cast<double>(high - low) : 0.0;
}

double volume(const BoundingBox& box) {
  return static_cast<double>(box.width) * static_cast<double>(box.height) *
         static_cast<double>(std::max<std::size_t>(box.depth, 1));
}

bool matchesAny(const BoundingBox& box, const std::vector<BoundingBox>& others, double minimum) {
  return std::any_of(others.begin(), others.end(), [&](const BoundingBox& other) {
    return BoxMatcher::iou(box, other) >= minimum;
  });
}

}  // namespace

double BoxMatcher::iou(const BoundingBox& a, const BoundingBox& b) {
  const double intersection =
      overlap(a.x, a.width, b.x, b.width) * overlap(a.y, a.height, b.y, b.height) *
      overlap(a.z, std::max<std::size_t>(a.depth, 1), b.z, std::max<std::size_t>(b.depth, 1));
  const double united = volume(a) + volume(b) - intersection;
  return united > 0.0 ? intersection / united : 0.0;
}

std::size_t BoxMatcher::foundTruths(const std::vector<BoundingBox>& truth,
                                    const std::vector<BoundingBox>& predicted, double minimumIou) {
  return static_cast<std::size_t>(std::count_if(
      truth.begin(), truth.end(),
      [&](const BoundingBox& box) { return matchesAny(box, predicted, minimumIou); }));
}

std::size_t BoxMatcher::correctPredictions(const std::vector<BoundingBox>& truth,
                                           const std::vector<BoundingBox>& predicted,
                                           double minimumIou) {
  return foundTruths(predicted, truth, minimumIou);
}

}  // namespace anomadiff
