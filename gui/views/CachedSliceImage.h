#pragma once

#include "views/SliceGrid.h"

#include <QImage>

#include <functional>

namespace anomadiff::gui {

/// A layer's coloured rendering of the current slice of a volume, rebuilt only when the slice
/// (its grid) changes or the layer invalidates it because its mapping changed. Scrolling back
/// and forth and window/level drags then repaint without touching the volume.
class CachedSliceImage {
 public:
  /// Fills `image` (already sized to the grid, ARGB32 premultiplied, contents undefined) for
  /// `grid`.
  using Builder = std::function<void(const SliceGrid& grid, QImage& image)>;

  /// The next image() call rebuilds.
  void invalidate();
  /// The cached image when it was built for `grid` and not invalidated since; else `build` runs.
  const QImage& image(const SliceGrid& grid, const Builder& build);

 private:
  QImage m_image;
  SliceGrid m_grid;
  bool m_stale = true;
};

}  // namespace anomadiff::gui
