#include "dicom/FindingSegments.h"

#include "common/Error.h"

namespace anomadiff {
namespace {

void checkInside(const BoundingBox& box, const ImageGeometry& grid) {
  const bool inside = box.width > 0 && box.height > 0 && box.depth > 0 &&
                      box.x + box.width <= grid.size[0] && box.y + box.height <= grid.size[1] &&
                      box.z + box.depth <= grid.size[2];
  if (!inside) {
    throw InvalidArgument("finding " + std::to_string(box.id) + " lies outside the " +
                          std::to_string(grid.size[0]) + "x" + std::to_string(grid.size[1]) + "x" +
                          std::to_string(grid.size[2]) + " grid of its maps");
  }
}

/// Marks the box's voxels, those above 0 in `mask` only when `fromMask`; returns how many.
std::size_t fill(FindingSegment& segment, const Image& mask, bool fromMask) {
  const BoundingBox& box = segment.box;
  std::size_t count = 0, i = 0;
  for (std::size_t z = box.z; z < box.z + box.depth; ++z) {
    for (std::size_t y = box.y; y < box.y + box.height; ++y) {
      for (std::size_t x = box.x; x < box.x + box.width; ++x, ++i) {
        const bool in = !fromMask || mask.at(x, y, z) > 0.0f;
        segment.inBox[i] = in ? 1 : 0;
        count += in ? 1 : 0;
      }
    }
  }
  return count;
}

}  // namespace

std::vector<FindingSegment> FindingSegments::of(const Image& mask,
                                                const std::vector<BoundingBox>& boxes) {
  std::vector<FindingSegment> segments;
  for (const BoundingBox& box : boxes) {
    checkInside(box, mask.geometry());
    FindingSegment segment{box, std::vector<std::uint8_t>(box.width * box.height * box.depth)};
    segment.drawnByReader = box.review == kReviewAdded;
    if (!segment.drawnByReader) segment.count = fill(segment, mask, true);
    if (segment.count == 0) segment.count = fill(segment, mask, false);
    segments.push_back(std::move(segment));
  }
  return segments;
}

}  // namespace anomadiff
