#include "views/HeatMapLayer.h"

#include "views/ColorBar.h"
#include "views/IntensityPercentiles.h"
#include "views/SliceView.h"

#include <QKeyEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <utility>

namespace anomadiff::gui {

namespace {

// A new map hides its lowest tenth: near-zero scores cover the whole brain and would tint
// all of it, hiding the anatomy before the user has chosen a threshold.
constexpr double kDefaultThresholdFraction = 0.1;

}  // namespace

HeatMapLayer::HeatMapLayer(QObject* parent) : SliceLayer(parent) {}

void HeatMapLayer::setMap(std::shared_ptr<const Image> map) {
  m_map = std::move(map);
  if (m_map != nullptr && !m_map->isEmpty()) {
    const IntensityRange extent = intensityExtent(*m_map);
    // Scores are >= 0 by construction; anchoring the range at 0 keeps "no anomaly" at the
    // bottom colour instead of stretching the smallest score to it.
    const double low = std::min(0.0, extent.low);
    const double high = extent.high > low ? extent.high : low + 1.0;
    m_low = low;
    m_high = high;
    m_threshold = low + kDefaultThresholdFraction * (high - low);
  }
  invalidate();
}

const Image* HeatMapLayer::map() const {
  return m_map.get();
}

void HeatMapLayer::setColormap(const Colormap& colormap) {
  if (colormap == m_colormap) {
    return;
  }
  m_colormap = colormap;
  invalidate();
}

const Colormap& HeatMapLayer::colormap() const {
  return m_colormap;
}

void HeatMapLayer::setOpacity(double opacity) {
  opacity = std::clamp(opacity, 0.0, 1.0);
  if (opacity == m_opacity) {
    return;
  }
  // Applied when painting, so no rebuild: an opacity slider stays smooth.
  m_opacity = opacity;
  Q_EMIT changed();
}

double HeatMapLayer::opacity() const {
  return m_opacity;
}

void HeatMapLayer::setRange(double low, double high) {
  if (!(high > low) || (low == m_low && high == m_high)) {
    return;
  }
  m_low = low;
  m_high = high;
  invalidate();
}

double HeatMapLayer::low() const {
  return m_low;
}

double HeatMapLayer::high() const {
  return m_high;
}

void HeatMapLayer::setThreshold(double threshold) {
  if (threshold == m_threshold) {
    return;
  }
  m_threshold = threshold;
  invalidate();
}

double HeatMapLayer::threshold() const {
  return m_threshold;
}

void HeatMapLayer::setVisible(bool visible) {
  if (visible == m_visible) {
    return;
  }
  m_visible = visible;
  Q_EMIT visibilityChanged(visible);
  Q_EMIT changed();
}

bool HeatMapLayer::isVisible() const {
  return m_visible;
}

void HeatMapLayer::setColorBarVisible(bool visible) {
  if (visible != m_colorBarVisible) {
    m_colorBarVisible = visible;
    Q_EMIT changed();
  }
}

bool HeatMapLayer::isColorBarVisible() const {
  return m_colorBarVisible;
}

void HeatMapLayer::setTitle(const QString& title) {
  if (title != m_title) {
    m_title = title;
    Q_EMIT changed();
  }
}

QString HeatMapLayer::title() const {
  return m_title;
}

void HeatMapLayer::invalidate() {
  m_slice.invalidate();
  Q_EMIT changed();
}

bool HeatMapLayer::coversGridOf(const SliceView& view) const {
  return m_map != nullptr && view.image() != nullptr &&
         m_map->geometry().size == view.image()->geometry().size;
}

void HeatMapLayer::colourSlice(const SliceGrid& grid, QImage& slice) const {
  const std::span<const float> values = m_map->voxels();
  const double scale = (Colormap::kEntries - 1) / (m_high - m_low);
  for (int row = 0; row < grid.size().height(); ++row) {
    auto* line = reinterpret_cast<QRgb*>(slice.scanLine(row));
    for (int column = 0; column < grid.size().width(); ++column) {
      const float value = values[grid.offset(column, row)];
      // NaN compares false, so non-finite values fall into the transparent branch with the
      // sub-threshold ones.
      if (!(value >= m_threshold) || std::isinf(value)) {
        line[column] = 0;
        continue;
      }
      const double entry = std::clamp((value - m_low) * scale, 0.0, Colormap::kEntries - 1.0);
      line[column] = m_colormap.entry(static_cast<std::size_t>(entry + 0.5));
    }
  }
}

void HeatMapLayer::paint(QPainter& painter, const SliceView& view) {
  if (!m_visible || !coversGridOf(view)) {
    return;
  }
  const SliceGrid grid = view.sliceGrid();
  if (grid.isEmpty()) {
    return;
  }
  const QImage& slice = m_slice.image(
      grid, [this](const SliceGrid& sliceGrid, QImage& image) { colourSlice(sliceGrid, image); });
  const QRectF target = view.sliceRect();
  painter.setOpacity(m_opacity);
  painter.setRenderHint(QPainter::SmoothPixmapTransform, target.width() < slice.width());
  painter.drawImage(target, slice);
  if (m_colorBarVisible) {
    ColorBar(m_colormap, m_low, m_high, m_threshold, m_title).paint(painter, view.size());
  }
}

bool HeatMapLayer::keyPress(SliceView& /*view*/, QKeyEvent* event) {
  if (event->key() != Qt::Key_H || event->modifiers() != Qt::NoModifier || m_map == nullptr) {
    return false;
  }
  setVisible(!m_visible);
  return true;
}

}  // namespace anomadiff::gui
