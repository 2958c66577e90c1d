#pragma once

#include "image/Image.h"
#include "views/CachedSliceImage.h"
#include "views/SliceLayer.h"

#include <QColor>

#include <memory>

namespace anomadiff::gui {

/// The boundary of a binary mask (brain mask, ground-truth lesion) on the current slice: the mask
/// pixels with a 4-neighbour outside the mask (or at the slice edge), in one colour. An outline
/// instead of a fill keeps the anatomy and the heat map under it visible. Voxels > 0.5 are inside,
/// so a uint8 mask read as float works as is. Cached per slice (CachedSliceImage).
class MaskOutlineLayer : public SliceLayer {
  Q_OBJECT

 public:
  explicit MaskOutlineLayer(QObject* parent = nullptr);

  /// Shared, not copied; must have the view's grid size to be drawn. nullptr removes it.
  void setMask(std::shared_ptr<const Image> mask);
  const Image* mask() const;
  void setColor(const QColor& color);
  QColor color() const;
  void setVisible(bool visible);
  bool isVisible() const;

  void paint(QPainter& painter, const SliceView& view) override;

 private:
  void drawOutline(const SliceGrid& grid, QImage& outline) const;
  void invalidate();

  std::shared_ptr<const Image> m_mask;
  QColor m_color;
  bool m_visible = true;
  CachedSliceImage m_outline;
};

}  // namespace anomadiff::gui
