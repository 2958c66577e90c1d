#include "views/MaskOutlineLayer.h"

#include "views/SliceView.h"

#include <QPainter>

#include <utility>

namespace anomadiff::gui {

namespace {

constexpr float kInside = 0.5F;

}  // namespace

MaskOutlineLayer::MaskOutlineLayer(QObject* parent) : SliceLayer(parent), m_color(255, 220, 0) {}

void MaskOutlineLayer::setMask(std::shared_ptr<const Image> mask) {
  m_mask = std::move(mask);
  invalidate();
}

const Image* MaskOutlineLayer::mask() const {
  return m_mask.get();
}

void MaskOutlineLayer::setColor(const QColor& color) {
  if (color != m_color) {
    m_color = color;
    invalidate();
  }
}

QColor MaskOutlineLayer::color() const {
  return m_color;
}

void MaskOutlineLayer::setVisible(bool visible) {
  if (visible != m_visible) {
    m_visible = visible;
    Q_EMIT changed();
  }
}

bool MaskOutlineLayer::isVisible() const {
  return m_visible;
}

void MaskOutlineLayer::invalidate() {
  m_outline.invalidate();
  Q_EMIT changed();
}

void MaskOutlineLayer::drawOutline(const SliceGrid& grid, QImage& outline) const {
  const QSize size = grid.size();
  const std::span<const float> voxels = m_mask->voxels();
  const auto inside = [&](int column, int row) {
    return column >= 0 && row >= 0 && column < size.width() && row < size.height() &&
           voxels[grid.offset(column, row)] > kInside;
  };
  outline.fill(Qt::transparent);
  const QRgb colour = qPremultiply(m_color.rgba());
  for (int row = 0; row < size.height(); ++row) {
    auto* line = reinterpret_cast<QRgb*>(outline.scanLine(row));
    for (int column = 0; column < size.width(); ++column) {
      if (inside(column, row) && !(inside(column - 1, row) && inside(column + 1, row) &&
                                   inside(column, row - 1) && inside(column, row + 1))) {
        line[column] = colour;
      }
    }
  }
}

void MaskOutlineLayer::paint(QPainter& painter, const SliceView& view) {
  if (!m_visible || m_mask == nullptr || view.image() == nullptr ||
      m_mask->geometry().size != view.image()->geometry().size) {
    return;
  }
  const SliceGrid grid = view.sliceGrid();
  if (grid.isEmpty()) {
    return;
  }
  const QImage& outline = m_outline.image(
      grid, [this](const SliceGrid& sliceGrid, QImage& image) { drawOutline(sliceGrid, image); });
  painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
  painter.drawImage(view.sliceRect(), outline);
}

}  // namespace anomadiff::gui
