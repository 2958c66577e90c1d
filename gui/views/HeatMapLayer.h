#pragma once

#include "image/Image.h"
#include "views/CachedSliceImage.h"
#include "views/Colormap.h"
#include "views/SliceLayer.h"

#include <QRect>
#include <QString>

#include <memory>

namespace anomadiff::gui {

/// A float map (anomaly score, model variance) over the view's image, on the same voxel grid:
/// each pixel coloured by the colormap over [low, high], blended with `opacity`; pixels below
/// `threshold` (and non-finite ones) stay transparent so the anatomy shows through. A colour bar
/// at the right edge shows the range and the threshold. 'H' toggles the layer while its view has
/// focus. The coloured slice is cached and rebuilt only when the slice or the mapping changes:
/// scrolling back and forth and window/level drags repaint without touching the map.
class HeatMapLayer : public SliceLayer {
  Q_OBJECT

 public:
  explicit HeatMapLayer(QObject* parent = nullptr);

  /// Shows `map` (shared, not copied) with range [0, max] (or the full extent when the map has
  /// negative values) and the threshold at a tenth of that range. A map whose grid size differs
  /// from the view's image is not drawn. nullptr removes the map.
  void setMap(std::shared_ptr<const Image> map);
  const Image* map() const;

  void setColormap(const Colormap& colormap);
  const Colormap& colormap() const;
  /// Clamped to [0, 1].
  void setOpacity(double opacity);
  double opacity() const;
  /// Values at `low` get the bottom colour, at `high` the top one. Requires high > low.
  void setRange(double low, double high);
  double low() const;
  double high() const;
  /// Pixels with a value below this are transparent.
  void setThreshold(double threshold);
  double threshold() const;
  void setVisible(bool visible);
  bool isVisible() const;
  void setColorBarVisible(bool visible);
  bool isColorBarVisible() const;
  /// The colour bar's caption ("Anomaly", "Variance").
  void setTitle(const QString& title);
  QString title() const;

  void paint(QPainter& painter, const SliceView& view) override;
  bool keyPress(SliceView& view, QKeyEvent* event) override;

 Q_SIGNALS:
  void visibilityChanged(bool visible);

 private:
  bool coversGridOf(const SliceView& view) const;
  void colourSlice(const SliceGrid& grid, QImage& slice) const;
  void invalidate();

  std::shared_ptr<const Image> m_map;
  Colormap m_colormap;
  double m_opacity = 0.6;
  double m_low = 0.0;
  double m_high = 1.0;
  double m_threshold = 0.0;
  bool m_visible = true;
  bool m_colorBarVisible = true;
  QString m_title;
  // The mapping parameters (range, threshold, colormap) invalidate it; opacity does not.
  CachedSliceImage m_slice;
};

}  // namespace anomadiff::gui
