// Repaint cost of a 256x256 slice with a heat-map overlay in a 512x512 view (issue 6: under 16 ms
// per repaint). A benchmark, not a timed test: it reports, never asserts, a duration. ctest runs
// it once, and then checks what was measured was real drawing: the overlay coloured where the map
// passes the threshold, grey anatomy where it does not, and a new slice drawn after a change.
// Run it alone for numbers, e.g. `test_gui_slice_repaint_benchmark -minimumtotal 2000`.

#include "image/Image.h"
#include "views/HeatMapLayer.h"
#include "views/SliceView.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <memory>

using anomadiff::Image;
using anomadiff::ImageGeometry;
using anomadiff::gui::HeatMapLayer;
using anomadiff::gui::SliceView;

namespace {

constexpr std::size_t kSide = 256;
constexpr std::size_t kSlices = 16;

// Smooth anatomy-like intensities and a blob-shaped map, so that about a tenth of the overlay
// pixels pass the threshold and the colouring branch is exercised as well as the skip branch.
std::shared_ptr<const Image> volume(bool map) {
  ImageGeometry geometry;
  geometry.size = {kSide, kSide, kSlices};
  Image image = Image::filled(geometry, 0.0F);
  for (std::size_t z = 0; z < kSlices; ++z) {
    for (std::size_t y = 0; y < kSide; ++y) {
      for (std::size_t x = 0; x < kSide; ++x) {
        const double dx = (static_cast<double>(x) - 128.0) / 128.0;
        const double dy = (static_cast<double>(y) - 128.0 - z) / 128.0;
        const double r2 = dx * dx + dy * dy;
        image.at(x, y, z) = static_cast<float>(map ? std::exp(-8.0 * r2) : 1000.0 * (1.0 - r2));
      }
    }
  }
  return std::make_shared<const Image>(std::move(image));
}

/// Saturated (heat colour) rather than grey: the channels differ clearly.
bool isColoured(QRgb pixel) {
  const int high = std::max({qRed(pixel), qGreen(pixel), qBlue(pixel)});
  const int low = std::min({qRed(pixel), qGreen(pixel), qBlue(pixel)});
  return high - low > 60;
}

}  // namespace

class SliceRepaintBenchmark : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    m_view = std::make_unique<SliceView>();
    m_view->resize(512, 512);
    m_view->setImage(volume(false));
    m_layer = std::make_unique<HeatMapLayer>();
    m_layer->setMap(volume(true));
    m_layer->setThreshold(0.5);
    m_view->addLayer(m_layer.get());
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
  }

  void repaintSameSlice() {
    m_view->repaint();  // fills the caches outside the measurement
    QBENCHMARK {
      m_view->repaint();
    }
    const QImage frame = m_view->grab().toImage();
    // The view fits the 256-pixel slice into 512: the blob's centre is the frame's centre; on the
    // diagonal at 0.9 of the radius the map is about exp(-8 * 0.8) < 0.5, so the anatomy shows
    // grey there (the diagonal keeps clear of the orientation letters at the edges' middles).
    QVERIFY(isColoured(frame.pixel(256, 256)));
    QVERIFY(!isColoured(frame.pixel(419, 419)));
  }

  void repaintChangingSlice() {
    int slice = 0;
    QBENCHMARK {
      // Every iteration rebuilds both the grey slice and the coloured overlay.
      slice = (slice + 1) % static_cast<int>(kSlices);
      m_view->setSliceIndex(slice);
      m_view->repaint();
    }
    // Each slice's blob is shifted by its index: two slices must not draw the same frame.
    m_view->setSliceIndex(0);
    const QImage first = m_view->grab().toImage();
    m_view->setSliceIndex(static_cast<int>(kSlices) - 1);
    QVERIFY(m_view->grab().toImage() != first);
  }

  void cleanupTestCase() {
    m_layer.reset();
    m_view.reset();
  }

 private:
  std::unique_ptr<SliceView> m_view;
  std::unique_ptr<HeatMapLayer> m_layer;
};

QTEST_MAIN(SliceRepaintBenchmark)
#include "SliceRepaintBenchmark.moc"
