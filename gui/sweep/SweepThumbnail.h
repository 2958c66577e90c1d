#pragma once

#include "image/Image.h"
#include "image/SliceAxes.h"
#include "report/BoxesJsonFile.h"
#include "views/SliceGrid.h"

#include <QColor>
#include <QImage>

namespace anomadiff::gui {

/// A small picture of one run for the sweep grid: one slice of the input in grey, the anomaly map
/// in turbo where it exceeds the run's threshold (opaque, so cells compare at a glance), and the
/// findings on that slice as rectangles. Orientation and flips come from SliceAxes/SliceGrid like
/// the 2D views, and the physical pixel aspect is kept, so a thumbnail looks like the view it
/// stands for. Pure: the same inputs give the same pixels.
class SweepThumbnail {
 public:
  static constexpr int kDefaultSide = 128;
  static const QColor kBoxColour;

  /// `sliceIndex` -1: the middle slice; other values are clamped to the volume.
  explicit SweepThumbnail(SliceOrientation orientation = SliceOrientation::Axial,
                          int sliceIndex = -1, int side = kDefaultSide);

  /// The longer side of the result is `side` pixels. Throws InvalidArgument when the map's grid
  /// differs from the input's.
  QImage render(const Image& input, const Image& anomalyMap,
                const FindingsDocument& findings) const;

  /// The slice of a volume of this geometry the thumbnail shows.
  SliceGrid sliceGrid(const ImageGeometry& geometry) const;

 private:
  QSize displaySize(const ImageGeometry& geometry, const SliceGrid& grid) const;
  static QImage greyOf(const Image& input, const SliceGrid& grid);
  static void paintAnomaly(QImage& slice, const Image& anomalyMap, const SliceGrid& grid,
                           double threshold);
  int sliceIndexFor(const ImageGeometry& geometry) const;
  void paintBoxes(QImage& thumbnail, const ImageGeometry& geometry, QSize sliceSize,
                  const std::vector<BoundingBox>& boxes) const;

  SliceOrientation m_orientation;
  int m_sliceIndex;
  int m_side;
};

}  // namespace anomadiff::gui
