#pragma once

#include "image/Image.h"
#include "views/SliceGrid.h"

#include <QImage>

namespace anomadiff::gui {

/// The slice `grid` of `image` as 8-bit grey: 0 at level - window/2, 255 at level + window/2.
/// Non-finite voxels (refused by the methods anyway) show as black. window must be > 0.
QImage greySlice(const Image& image, const SliceGrid& grid, double window, double level);

}  // namespace anomadiff::gui
