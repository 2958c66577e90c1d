#pragma once

#include "image/Image.h"
#include "localize/BoundingBox.h"

#include <vector>

namespace anomadiff::gui {

/// The reviewed findings as a segmentation a radiologist's viewer overlays: a uint8 label image
/// on the input's grid with every kept box (accepted, added or still pending — not rejected)
/// filled with its id, 0 elsewhere.
class ReviewedBoxesMask {
 public:
  /// Largest id a uint8 label holds.
  static constexpr int kMaximumId = 255;

  /// Throws InvalidArgument naming the box when a kept box leaves the grid or its id is outside
  /// 1..kMaximumId (0 would vanish in the background).
  static void check(const ImageGeometry& grid, const std::vector<BoundingBox>& boxes);
  /// Where boxes overlap, the smaller one is drawn last so it stays visible inside a larger one.
  /// Throws like check().
  static Image build(const ImageGeometry& grid, const std::vector<BoundingBox>& boxes);
  /// The boxes a reader did not reject, in their order.
  static std::vector<BoundingBox> kept(const std::vector<BoundingBox>& boxes);

 private:
  static void fill(Image& labels, const BoundingBox& box);
};

}  // namespace anomadiff::gui
