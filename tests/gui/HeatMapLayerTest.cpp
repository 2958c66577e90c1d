// Heat-map and mask-outline layers in grabbed frames: colours where the map is hot, the grey
// anatomy below the threshold and at opacity 0, the colour bar, the 'H' toggle, the per-slice
// cache following slice and orientation, outlines exactly on the mask boundary; and the colormaps'
// published end colours.

#include "image/Image.h"
#include "views/ColorBar.h"
#include "views/Colormap.h"
#include "views/HeatMapLayer.h"
#include "views/MaskOutlineLayer.h"
#include "views/SliceView.h"

#include <QKeyEvent>
#include <QSignalSpy>
#include <QtTest>

#include <memory>

using anomadiff::Image;
using anomadiff::ImageGeometry;
using anomadiff::SliceOrientation;
using anomadiff::gui::ColorBar;
using anomadiff::gui::Colormap;
using anomadiff::gui::HeatMapLayer;
using anomadiff::gui::MaskOutlineLayer;
using anomadiff::gui::SliceView;

namespace {

ImageGeometry grid(std::size_t width, std::size_t height, std::size_t depth) {
  ImageGeometry geometry;
  geometry.size = {width, height, depth};
  return geometry;
}

// A constant input shows as mid-grey (128) with the automatic window.
std::shared_ptr<const Image> greyInput(std::size_t width, std::size_t height, std::size_t depth) {
  return std::make_shared<const Image>(Image::filled(grid(width, height, depth), 100.0F));
}

QImage render(SliceView& view) {
  return view.grab().toImage().convertToFormat(QImage::Format_RGB32);
}

QRgb pixelAt(const QImage& frame, const SliceView& view, double x, double y, double z = 0.0) {
  return frame.pixel(view.widgetPosition({x, y, z}).toPoint()) | 0xFF000000U;
}

bool near(QRgb actual, QRgb expected, int tolerance = 2) {
  return qAbs(qRed(actual) - qRed(expected)) <= tolerance &&
         qAbs(qGreen(actual) - qGreen(expected)) <= tolerance &&
         qAbs(qBlue(actual) - qBlue(expected)) <= tolerance;
}

const QRgb kGrey = qRgb(128, 128, 128);

}  // namespace

class HeatMapLayerTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void colormapsHaveTheirPublishedEnds() {
    // matplotlib's viridis runs from (68, 1, 84) to (253, 231, 37); the fit is within a few levels.
    const Colormap viridis(Colormap::Kind::Viridis);
    QVERIFY(near(viridis.bottom(), qRgb(68, 1, 84), 4));
    QVERIFY(near(viridis.top(), qRgb(253, 231, 37), 5));
    const Colormap hot(Colormap::Kind::Hot);
    QCOMPARE(hot.bottom(), qRgb(0, 0, 0));
    QCOMPARE(hot.top(), qRgb(255, 255, 255));
    // Red saturates at 3/8, where green starts.
    QCOMPARE(qRed(hot.color(0.375)), 255);
    QVERIFY(qGreen(hot.color(0.375)) <= 2);
    QCOMPARE(qBlue(hot.color(0.75)), 0);
    const Colormap grey(Colormap::Kind::Grey);
    QCOMPARE(grey.color(0.5), qRgb(128, 128, 128));
    // Turbo: dark blue at the bottom, dark red at the top, green-yellow in the middle.
    const Colormap turbo(Colormap::Kind::Turbo);
    QVERIFY(qRed(turbo.bottom()) < 60 && qGreen(turbo.bottom()) < 60 && qBlue(turbo.bottom()) < 60);
    QVERIFY(qBlue(turbo.color(0.1)) > 2 * qRed(turbo.color(0.1)));
    QVERIFY(qRed(turbo.top()) > 2 * qGreen(turbo.top()));
    QVERIFY(qGreen(turbo.color(0.5)) > 200);
    QCOMPARE(turbo.color(-1.0), turbo.bottom());
    QCOMPARE(turbo.color(std::nan("")), turbo.bottom());
  }

  void hotPixelsTakeTheColormapAndTheRestStaysGrey() {
    SliceView view;
    view.resize(400, 400);
    view.setImage(greyInput(16, 16, 1));
    Image map = Image::filled(grid(16, 16, 1), 0.0F);
    map.at(5, 7) = 1.0F;
    map.at(9, 2) = 0.05F;  // below the default threshold (a tenth of [0, 1])
    HeatMapLayer layer;
    layer.setMap(std::make_shared<const Image>(map));
    QCOMPARE(layer.low(), 0.0);
    QCOMPARE(layer.high(), 1.0);
    QCOMPARE(layer.threshold(), 0.1);
    layer.setOpacity(1.0);
    view.addLayer(&layer);

    QImage frame = render(view);
    QCOMPARE(pixelAt(frame, view, 5, 7), layer.colormap().top());
    QCOMPARE(pixelAt(frame, view, 9, 2), kGrey);
    QCOMPARE(pixelAt(frame, view, 2, 2), kGrey);

    // Lower threshold: the 0.05 pixel appears with its colormap colour.
    layer.setThreshold(0.0);
    frame = render(view);
    QCOMPARE(pixelAt(frame, view, 9, 2), layer.colormap().color(0.05));
    // Range [0, 0.05]: 0.05 is now the top colour.
    layer.setRange(0.0, 0.05);
    frame = render(view);
    QCOMPARE(pixelAt(frame, view, 9, 2), layer.colormap().top());

    layer.setOpacity(0.0);
    frame = render(view);
    QCOMPARE(pixelAt(frame, view, 5, 7), kGrey);
    QCOMPARE(pixelAt(frame, view, 9, 2), kGrey);
    // Half opacity blends halfway between grey and the colour.
    layer.setOpacity(0.5);
    frame = render(view);
    const QRgb top = layer.colormap().top();
    const QRgb half = qRgb((qRed(top) + 128) / 2, (qGreen(top) + 128) / 2, (qBlue(top) + 128) / 2);
    QVERIFY(near(pixelAt(frame, view, 5, 7), half, 3));
  }

  void colorBarSitsAtTheRightEdge() {
    SliceView view;
    view.resize(500, 400);
    view.setImage(greyInput(8, 8, 1));
    Image map = Image::filled(grid(8, 8, 1), 0.0F);
    map.at(0, 0) = 10.0F;
    HeatMapLayer layer;
    layer.setColormap(Colormap(Colormap::Kind::Viridis));
    layer.setMap(std::make_shared<const Image>(map));
    layer.setThreshold(5.0);
    layer.setTitle(QStringLiteral("Anomaly"));
    view.addLayer(&layer);

    const QRect bar = ColorBar::barRect(view.size());
    QVERIFY(bar.right() < view.width() && bar.right() > view.width() - 20);
    QVERIFY(bar.left() > view.sliceRect().right() - 100);
    QImage frame = render(view);
    const int x = bar.center().x();
    QVERIFY(near(frame.pixel(x, bar.top() + 1), layer.colormap().top(), 6));
    QVERIFY(near(frame.pixel(x, bar.bottom() - 1), layer.colormap().bottom(), 6));
    QVERIFY(near(frame.pixel(x, bar.center().y()), layer.colormap().color(0.5), 8));
    // The threshold tick, just left of the bar at half height (threshold 5 of [0, 10]).
    const int tickY = static_cast<int>(ColorBar::valueY(bar, 0.0, 10.0, 5.0));
    QVERIFY(qGray(frame.pixel(bar.left() - 2, tickY)) > 200);

    layer.setColorBarVisible(false);
    frame = render(view);
    QVERIFY(!near(frame.pixel(x, bar.top() + 1), layer.colormap().top(), 6));
  }

  void keyHTogglesTheLayer() {
    SliceView view;
    view.resize(200, 200);
    view.setImage(greyInput(4, 4, 1));
    HeatMapLayer layer;
    layer.setMap(std::make_shared<const Image>(Image::filled(grid(4, 4, 1), 1.0F)));
    layer.setOpacity(1.0);
    view.addLayer(&layer);
    QSignalSpy spy(&layer, &HeatMapLayer::visibilityChanged);
    QCOMPARE(pixelAt(render(view), view, 1, 1), layer.colormap().top());

    QTest::keyClick(&view, Qt::Key_H);
    QCOMPARE(spy.count(), 1);
    QVERIFY(!layer.isVisible());
    QCOMPARE(pixelAt(render(view), view, 1, 1), kGrey);
    QTest::keyClick(&view, Qt::Key_H);
    QVERIFY(layer.isVisible());
    QCOMPARE(spy.count(), 2);
    // Other keys and Ctrl+H are left to the view.
    QKeyEvent other(QEvent::KeyPress, Qt::Key_J, Qt::NoModifier);
    QVERIFY(!layer.keyPress(view, &other));
    QKeyEvent controlH(QEvent::KeyPress, Qt::Key_H, Qt::ControlModifier);
    QVERIFY(!layer.keyPress(view, &controlH));
  }

  void theCacheFollowsSliceOrientationAndZoom() {
    SliceView view;
    view.resize(300, 300);
    view.setImage(greyInput(6, 6, 4));
    Image map = Image::filled(grid(6, 6, 4), 0.0F);
    map.at(1, 1, 2) = 1.0F;
    map.at(4, 3, 1) = 1.0F;
    HeatMapLayer layer;
    layer.setMap(std::make_shared<const Image>(map));
    layer.setOpacity(1.0);
    view.addLayer(&layer);
    const QRgb top = layer.colormap().top();

    QCOMPARE(view.sliceIndex(), 2);
    QImage frame = render(view);
    QCOMPARE(pixelAt(frame, view, 1, 1, 2), top);
    QCOMPARE(pixelAt(frame, view, 4, 3, 2), kGrey);
    view.setSliceIndex(1);
    frame = render(view);
    QCOMPARE(pixelAt(frame, view, 1, 1, 1), kGrey);
    QCOMPARE(pixelAt(frame, view, 4, 3, 1), top);

    view.setOrientation(SliceOrientation::Coronal);
    view.setSliceIndex(3);  // y = 3
    view.setViewTransform(1.5, QPointF(-80, 10));
    // Left of the colour bar, which covers the right edge.
    QVERIFY(view.widgetPosition({4, 3, 1}).x() < 200.0);
    frame = render(view);
    QCOMPARE(pixelAt(frame, view, 4, 3, 1), top);
    QCOMPARE(pixelAt(frame, view, 3, 3, 1), kGrey);
  }

  void aMapOnAnotherGridIsNotDrawn() {
    SliceView view;
    view.resize(200, 200);
    view.setImage(greyInput(4, 4, 1));
    HeatMapLayer layer;
    layer.setMap(std::make_shared<const Image>(Image::filled(grid(5, 4, 1), 1.0F)));
    layer.setOpacity(1.0);
    view.addLayer(&layer);
    QCOMPARE(pixelAt(render(view), view, 1, 1), kGrey);
  }

  void maskOutlineLiesExactlyOnTheBoundary() {
    SliceView view;
    view.resize(360, 360);
    view.setImage(greyInput(12, 12, 1));
    // An L-shaped mask touching the slice's left edge.
    Image mask = Image::filled(grid(12, 12, 1), 0.0F);
    for (std::size_t y = 3; y <= 8; ++y) {
      for (std::size_t x = 0; x <= 6; ++x) {
        mask.at(x, y) = (y >= 6 || x <= 2) ? 1.0F : 0.0F;
      }
    }
    MaskOutlineLayer layer;
    layer.setColor(QColor(255, 0, 0));
    layer.setMask(std::make_shared<const Image>(mask));
    view.addLayer(&layer);
    const QImage frame = render(view);
    const auto inside = [&](int x, int y) {
      return x >= 0 && y >= 0 && x < 12 && y < 12 && mask.at(x, y) > 0.5F;
    };
    int outlined = 0;
    for (int y = 0; y < 12; ++y) {
      for (int x = 0; x < 12; ++x) {
        const bool boundary = inside(x, y) && !(inside(x - 1, y) && inside(x + 1, y) &&
                                                inside(x, y - 1) && inside(x, y + 1));
        const QRgb expected = boundary ? qRgb(255, 0, 0) : kGrey;
        QVERIFY2(pixelAt(frame, view, x, y) == expected,
                 qPrintable(QStringLiteral("voxel %1,%2").arg(x).arg(y)));
        outlined += boundary ? 1 : 0;
      }
    }
    QCOMPARE(outlined, 21);  // 30 mask pixels, 9 inner ones
  }
};

QTEST_MAIN(HeatMapLayerTest)
#include "HeatMapLayerTest.moc"
