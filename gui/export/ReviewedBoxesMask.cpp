#include "export/ReviewedBoxesMask.h"

#include "common/Error.h"

#include <algorithm>
#include <string>

namespace anomadiff::gui {
namespace {

std::size_t volumeOf(const BoundingBox& box) {
  return box.width * box.height * box.depth;
}

bool fits(const ImageGeometry& grid, const BoundingBox& box) {
  return box.width > 0 && box.height > 0 && box.depth > 0 && box.x + box.width <= grid.size[0] &&
         box.y + box.height <= grid.size[1] && box.z + box.depth <= grid.size[2];
}

}  // namespace

std::vector<BoundingBox> ReviewedBoxesMask::kept(const std::vector<BoundingBox>& boxes) {
  std::vector<BoundingBox> result;
  std::copy_if(boxes.begin(), boxes.end(), std::back_inserter(result),
               [](const BoundingBox& box) { return box.review != kReviewRejected; });
  return result;
}

void ReviewedBoxesMask::check(const ImageGeometry& grid, const std::vector<BoundingBox>& boxes) {
  for (const auto& box : kept(boxes)) {
    const std::string name = "finding " + std::to_string(box.id);
    if (box.id < 1 || box.id > kMaximumId) {
      throw InvalidArgument(name + ": ids must be 1.." + std::to_string(kMaximumId) +
                            " to fit the uint8 reviewed_boxes_mask");
    }
    if (!fits(grid, box)) {
      throw InvalidArgument(name + " (x " + std::to_string(box.x) + ", y " + std::to_string(box.y) +
                            ", z " + std::to_string(box.z) + ", " + std::to_string(box.width) +
                            "x" + std::to_string(box.height) + "x" + std::to_string(box.depth) +
                            ") is empty or leaves the image");
    }
  }
}

void ReviewedBoxesMask::fill(Image& labels, const BoundingBox& box) {
  const auto label = static_cast<float>(box.id);
  for (std::size_t z = box.z; z < box.z + box.depth; ++z) {
    for (std::size_t y = box.y; y < box.y + box.height; ++y) {
      float* row = &labels.at(box.x, y, z);
      std::fill(row, row + box.width, label);
    }
  }
}

Image ReviewedBoxesMask::build(const ImageGeometry& grid, const std::vector<BoundingBox>& boxes) {
  check(grid, boxes);
  auto drawn = kept(boxes);
  std::stable_sort(drawn.begin(), drawn.end(), [](const BoundingBox& a, const BoundingBox& b) {
    return volumeOf(a) > volumeOf(b);
  });
  Image labels(grid, std::vector<float>(grid.voxelCount(), 0.0f), SampleType::UInt8);
  for (const auto& box : drawn) fill(labels, box);
  return labels;
}

}  // namespace anomadiff::gui
