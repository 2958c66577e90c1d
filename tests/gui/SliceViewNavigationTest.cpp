// SliceView navigation: zoom and pan keep the voxel mapping exact in every orientation, Ctrl+wheel
// zooms about the mouse, pan gestures, slice keys after the layers, the cursor and its crosshair,
// and window/level presets.

#include "image/Image.h"
#include "views/CrosshairLayer.h"
#include "views/SliceLayer.h"
#include "views/SliceView.h"
#include "views/WindowLevelPreset.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QSignalSpy>
#include <QWheelEvent>
#include <QtTest>

using anomadiff::Image;
using anomadiff::ImageGeometry;
using anomadiff::SliceOrientation;
using anomadiff::gui::CrosshairLayer;
using anomadiff::gui::SliceLayer;
using anomadiff::gui::SliceView;
using anomadiff::gui::WindowLevelPreset;
using Voxel = std::array<int, 3>;

Q_DECLARE_METATYPE(anomadiff::SliceOrientation)

namespace {

// value = x + 10 y + 100 z, anisotropic spacing so that the fitted rect is not square.
Image rampImage(std::size_t width, std::size_t height, std::size_t depth) {
  ImageGeometry geometry;
  geometry.size = {width, height, depth};
  geometry.spacing = {1.0, 1.5, 2.0};
  Image image = Image::filled(geometry, 0.0F);
  for (std::size_t z = 0; z < depth; ++z) {
    for (std::size_t y = 0; y < height; ++y) {
      for (std::size_t x = 0; x < width; ++x) {
        image.at(x, y, z) = static_cast<float>(x + 10 * y + 100 * z);
      }
    }
  }
  return image;
}

QPointF centreOf(const SliceView& view, const Voxel& voxel) {
  return view.widgetPosition({static_cast<double>(voxel[0]), static_cast<double>(voxel[1]),
                              static_cast<double>(voxel[2])});
}

void sendWheel(SliceView& view, QPointF position, int delta, Qt::KeyboardModifiers modifiers) {
  QWheelEvent wheel(position, view.mapToGlobal(position), QPoint(), QPoint(0, delta), Qt::NoButton,
                    modifiers, Qt::NoScrollPhase, false);
  QCoreApplication::sendEvent(&view, &wheel);
}

void sendMouse(SliceView& view, QEvent::Type type, QPointF position, Qt::MouseButton button,
               Qt::MouseButtons buttons) {
  QMouseEvent event(type, position, view.mapToGlobal(position), button, buttons, Qt::NoModifier);
  QCoreApplication::sendEvent(&view, &event);
}

void drag(SliceView& view, Qt::MouseButton button, QPointF from, QPointF to) {
  sendMouse(view, QEvent::MouseButtonPress, from, button, button);
  sendMouse(view, QEvent::MouseMove, to, Qt::NoButton, button);
  sendMouse(view, QEvent::MouseButtonRelease, to, button, Qt::NoButton);
}

// A layer that claims the Up key and left presses, like a box editor would.
class GreedyLayer : public SliceLayer {
 public:
  bool mousePress(SliceView& /*view*/, QMouseEvent* event) override {
    return event->button() == Qt::LeftButton;
  }
  bool keyPress(SliceView& /*view*/, QKeyEvent* event) override {
    return event->key() == Qt::Key_Up;
  }
  void paint(QPainter& /*painter*/, const SliceView& /*view*/) override {}
};

}  // namespace

class SliceViewNavigationTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void zoomAndPanKeepTheVoxelMappingExact_data() {
    QTest::addColumn<SliceOrientation>("orientation");
    QTest::newRow("axial") << SliceOrientation::Axial;
    QTest::newRow("coronal") << SliceOrientation::Coronal;
    QTest::newRow("sagittal") << SliceOrientation::Sagittal;
  }

  void zoomAndPanKeepTheVoxelMappingExact() {
    QFETCH(SliceOrientation, orientation);
    ImageGeometry flipped = rampImage(9, 7, 5).geometry();
    flipped.direction = {-1, 0, 0, 0, -1, 0, 0, 0, 1};  // radiological flips on two axes
    SliceView view;
    view.resize(320, 240);
    view.setImage(Image::filled(flipped, 1.0F));
    view.setOrientation(orientation);
    const QRectF fitted = view.sliceRect();
    QSignalSpy spy(&view, &SliceView::viewTransformChanged);
    view.setViewTransform(3.7, QPointF(41.0, -23.0));
    QCOMPARE(spy.count(), 1);
    QVERIFY(qAbs(view.sliceRect().width() - 3.7 * fitted.width()) < 1e-9);
    QVERIFY(qAbs(view.sliceRect().center().x() - (160.0 + 41.0)) < 1e-9);

    int checked = 0;
    for (int x = 0; x < 9; ++x) {
      for (int y = 0; y < 7; ++y) {
        for (int z = 0; z < 5; ++z) {
          Voxel voxel{x, y, z};
          const QPointF position = centreOf(view, voxel);
          if (!view.rect().contains(position.toPoint())) {
            continue;  // zoomed out of the widget; the mapping still holds but is not visible
          }
          voxel[static_cast<std::size_t>(view.sliceAxes().normal)] = view.sliceIndex();
          QCOMPARE(view.voxelAt(position), std::optional<Voxel>(voxel));
          ++checked;
        }
      }
    }
    QVERIFY(checked > 0);
  }

  void ctrlWheelZoomsAboutTheMouse() {
    SliceView view;
    view.resize(300, 300);
    view.setImage(rampImage(20, 20, 3));
    const QPointF mouse = centreOf(view, {15, 4, 1}) + QPointF(2.0, -3.0);
    const auto before = view.voxelAt(mouse);
    QSignalSpy transformSpy(&view, &SliceView::viewTransformChanged);
    QSignalSpy sliceSpy(&view, &SliceView::sliceChanged);

    sendWheel(view, mouse, 240, Qt::ControlModifier);
    QVERIFY(qAbs(view.zoom() - 1.44) < 1e-9);  // 1.2 per notch
    QCOMPARE(transformSpy.count(), 1);
    QCOMPARE(sliceSpy.count(), 0);
    QCOMPARE(view.voxelAt(mouse), before);
    // The continuous point under the mouse stays put, not just its voxel.
    QVERIFY(QLineF(centreOf(view, {15, 4, 1}) + QPointF(2.0, -3.0) * 1.44, mouse).length() < 1e-6);

    sendWheel(view, mouse, -240, Qt::ControlModifier);
    QVERIFY(qAbs(view.zoom() - 1.0) < 1e-9);
    QVERIFY(view.pan().manhattanLength() < 1e-9);

    // A plain wheel still scrolls slices and leaves the zoom alone.
    sendWheel(view, mouse, 120, Qt::NoModifier);
    QCOMPARE(sliceSpy.count(), 1);
    QCOMPARE(view.sliceIndex(), 2);
    QVERIFY(qAbs(view.zoom() - 1.0) < 1e-9);
  }

  void middleDragAndSpaceLeftDragPan() {
    SliceView view;
    view.resize(200, 200);
    view.setImage(rampImage(10, 10, 1));
    QSignalSpy cursorSpy(&view, &SliceView::cursorMoved);

    const auto under = view.voxelAt({105, 105});
    QVERIFY(under.has_value());
    drag(view, Qt::MiddleButton, {100, 100}, {130, 110});
    QCOMPARE(view.pan(), QPointF(30, 10));
    QCOMPARE(view.voxelAt({135, 115}), under);  // the slice moved with the mouse

    QTest::keyPress(&view, Qt::Key_Space);
    drag(view, Qt::LeftButton, {100, 100}, {90, 100});
    QTest::keyRelease(&view, Qt::Key_Space);
    QCOMPARE(view.pan(), QPointF(20, 10));
    QCOMPARE(cursorSpy.count(), 0);  // panning is not clicking

    view.resetView();
    QCOMPARE(view.pan(), QPointF());
    QCOMPARE(view.zoom(), 1.0);
  }

  void keysStepSlicesAfterTheLayers() {
    SliceView view;
    view.resize(200, 200);
    view.setImage(rampImage(4, 4, 12));
    QCOMPARE(view.sliceIndex(), 6);
    QTest::keyClick(&view, Qt::Key_Up);
    QCOMPARE(view.sliceIndex(), 7);
    QTest::keyClick(&view, Qt::Key_Down);
    QTest::keyClick(&view, Qt::Key_Down);
    QCOMPARE(view.sliceIndex(), 5);
    QTest::keyClick(&view, Qt::Key_PageUp);
    QCOMPARE(view.sliceIndex(), 10);
    QTest::keyClick(&view, Qt::Key_PageUp);
    QCOMPARE(view.sliceIndex(), 11);  // clamped
    QTest::keyClick(&view, Qt::Key_PageDown);
    QCOMPARE(view.sliceIndex(), 6);

    GreedyLayer layer;
    view.addLayer(&layer);
    QTest::keyClick(&view, Qt::Key_Up);
    QCOMPARE(view.sliceIndex(), 6);  // the layer took it
    QTest::keyClick(&view, Qt::Key_Down);
    QCOMPARE(view.sliceIndex(), 5);
  }

  void leftClickMovesTheCursorUnlessALayerTakesIt() {
    SliceView view;
    view.resize(240, 240);
    view.setImage(rampImage(12, 12, 3));
    QCOMPARE(view.cursorVoxel(), (Voxel{6, 6, 1}));
    QSignalSpy spy(&view, &SliceView::cursorMoved);

    drag(view, Qt::LeftButton, centreOf(view, {2, 3, 1}), centreOf(view, {4, 9, 1}));
    QCOMPARE(spy.count(), 2);
    QCOMPARE(spy.at(0).at(0).value<Voxel>(), (Voxel{2, 3, 1}));
    QCOMPARE(view.cursorVoxel(), (Voxel{4, 9, 1}));
    QCOMPARE(view.sliceIndex(), 1);

    GreedyLayer layer;
    view.addLayer(&layer);
    drag(view, Qt::LeftButton, centreOf(view, {0, 0, 1}), centreOf(view, {1, 1, 1}));
    QCOMPARE(spy.count(), 2);
  }

  void crosshairDrawsThroughTheCursor() {
    SliceView view;
    view.resize(200, 200);
    ImageGeometry geometry;
    geometry.size = {10, 10, 1};
    view.setImage(Image::filled(geometry, 0.0F));  // constant: mid-grey
    CrosshairLayer crosshair;
    crosshair.setColor(QColor(0, 255, 0));
    view.addLayer(&crosshair);
    view.setCursorVoxel({3, 7, 0});
    const QImage frame = view.grab().toImage().convertToFormat(QImage::Format_RGB32);
    const QPointF centre = centreOf(view, {3, 7, 0});
    const auto at = [&](double x, double y) { return frame.pixel(QPoint(int(x), int(y))); };
    QCOMPARE(at(centre.x(), 5.0), qRgb(0, 255, 0));    // vertical line, top
    QCOMPARE(at(190.0, centre.y()), qRgb(0, 255, 0));  // horizontal line, right
    QCOMPARE(at(centre.x() + 10, centre.y() + 10), qRgb(128, 128, 128));
    crosshair.setVisible(false);
    QCOMPARE(view.grab().toImage().pixel(QPoint(int(centre.x()), 5)), qRgb(128, 128, 128));
  }

  void presetsComeFromPercentiles() {
    const auto presets = WindowLevelPreset::standardPresets();
    QVERIFY(presets.size() >= 3);
    QCOMPARE(presets[0].name(), QStringLiteral("Auto (1–99 %)"));
    QCOMPARE(presets[1].name(), QStringLiteral("Full range"));
    QCOMPARE(presets[2].name(), QStringLiteral("Brain T1 (5–99.5 %)"));

    SliceView view;
    view.resize(100, 100);
    view.setImage(rampImage(10, 10, 5));  // 0 .. 499
    QSignalSpy spy(&view, &SliceView::windowLevelChanged);
    view.applyPreset(presets[1]);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(view.window(), 499.0);
    QCOMPARE(view.level(), 249.5);
    // The same rule on a 1000x scaled copy gives a 1000x window: scanner scale does not matter.
    const WindowLevelPreset::WindowLevel small = presets[2].compute(rampImage(10, 10, 5));
    Image scaled = rampImage(10, 10, 5);
    for (float& value : scaled.voxels()) {
      value *= 1000.0F;
    }
    const WindowLevelPreset::WindowLevel large = presets[2].compute(scaled);
    QVERIFY(qAbs(large.window / small.window - 1000.0) < 1e-6);
    QVERIFY(small.window < 499.0 && small.window > 400.0);
  }

  void sameGridImageKeepsSliceCursorAndView() {
    SliceView view;
    view.resize(200, 200);
    view.setImage(rampImage(8, 8, 6));
    view.setSliceIndex(1);
    view.setCursorVoxel({2, 2, 1});
    view.setZoom(2.0);
    QSignalSpy spy(&view, &SliceView::sliceChanged);
    view.setImage(rampImage(8, 8, 6));
    QCOMPARE(view.sliceIndex(), 1);
    QCOMPARE(view.cursorVoxel(), (Voxel{2, 2, 1}));
    QCOMPARE(view.zoom(), 2.0);
    QCOMPARE(spy.count(), 0);
    view.setImage(rampImage(4, 4, 4));
    QCOMPARE(view.sliceIndex(), 2);
    QCOMPARE(view.zoom(), 1.0);
  }
};

QTEST_MAIN(SliceViewNavigationTest)
#include "SliceViewNavigationTest.moc"
