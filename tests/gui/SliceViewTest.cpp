// The QPainter slice view: pixels, aspect ratio, slice navigation and window/level, with a
// synthetic image whose every voxel value is known.

#include "image/Image.h"
#include "views/SliceView.h"

#include <QMouseEvent>
#include <QSignalSpy>
#include <QWheelEvent>
#include <QtTest>

using anomadiff::Image;
using anomadiff::ImageGeometry;
using anomadiff::SliceOrientation;
using anomadiff::gui::SliceView;

namespace {

// value = x + 10 y + 100 z: brighter to the right, further down the rows and in higher slices.
Image rampImage(std::size_t width, std::size_t height, std::size_t depth,
                std::array<double, 3> spacing = {1.0, 1.0, 1.0}) {
  ImageGeometry geometry;
  geometry.size = {width, height, depth};
  geometry.spacing = spacing;
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

QImage render(SliceView& view) {
  return view.grab().toImage().convertToFormat(QImage::Format_RGB32);
}

// Grey level drawn for voxel (x, y, z) of the current slice.
int greyAt(const QImage& frame, const SliceView& view, double x, double y, double z = 0.0) {
  const QPointF position = view.widgetPosition({x, y, z}) * frame.devicePixelRatio();
  return qGray(frame.pixel(position.toPoint()));
}

void sendWheel(SliceView& view, int delta) {
  const QPointF centre(view.width() / 2.0, view.height() / 2.0);
  QWheelEvent wheel(centre, view.mapToGlobal(centre), QPoint(), QPoint(0, delta), Qt::NoButton,
                    Qt::NoModifier, Qt::NoScrollPhase, false);
  QCoreApplication::sendEvent(&view, &wheel);
}

void sendMouse(SliceView& view, QEvent::Type type, QPointF position, Qt::MouseButton button,
               Qt::MouseButtons buttons) {
  QMouseEvent event(type, position, view.mapToGlobal(position), button, buttons, Qt::NoModifier);
  QCoreApplication::sendEvent(&view, &event);
}

}  // namespace

class SliceViewTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void showsTheMiddleAxialSliceWithBrightnessOrdering() {
    SliceView view;
    view.resize(400, 300);
    QSignalSpy sliceSpy(&view, &SliceView::sliceChanged);
    view.setImage(rampImage(8, 6, 5));
    QVERIFY(view.hasImage());
    QCOMPARE(view.sliceCount(), 5);
    QCOMPARE(view.sliceIndex(), 2);
    QCOMPARE(sliceSpy.count(), 1);
    QCOMPARE(view.sliceSize(), QSize(8, 6));
    // 1st..99th percentile of 0..457: the window spans nearly the whole range.
    QVERIFY(view.window() > 400.0 && view.window() < 560.0);

    const QImage frame = render(view);
    // Identity direction: x to the right, y downwards.
    QVERIFY(view.widgetPosition({7, 0, 2}).x() > view.widgetPosition({0, 0, 2}).x());
    QVERIFY(view.widgetPosition({0, 5, 2}).y() > view.widgetPosition({0, 0, 2}).y());
    QVERIFY(greyAt(frame, view, 7, 0) > greyAt(frame, view, 0, 0));
    QVERIFY(greyAt(frame, view, 0, 5) > greyAt(frame, view, 7, 0));
    QVERIFY(greyAt(frame, view, 7, 5) > greyAt(frame, view, 0, 5));
    // Outside the slice (8:6 in a 400x300 widget fills it exactly) -> place a taller widget.
    view.resize(400, 500);
    const QImage tall = render(view);
    QCOMPARE(qGray(tall.pixel(200, 2)), 0);
  }

  void windowLevelMapsIntensitiesToGrey() {
    SliceView view;
    view.resize(200, 200);
    view.setImage(rampImage(4, 4, 1));
    // Window [0, 20]: 0 is black, 2 is 10 % grey, and rows from 2 on (>= 20) saturate.
    view.setWindowLevel(20.0, 10.0);
    const QImage frame = render(view);
    QCOMPARE(greyAt(frame, view, 0, 0), 0);
    QVERIFY(qAbs(greyAt(frame, view, 2, 0) - 26) <= 2);  // 2 / 20 * 255
    QCOMPARE(greyAt(frame, view, 0, 2), 255);
  }

  void keepsThePhysicalAspectRatio() {
    SliceView view;
    view.resize(600, 600);
    view.setImage(rampImage(10, 10, 1, {2.0, 1.0, 1.0}));
    const QRectF rect = view.sliceRect();
    QVERIFY(qAbs(rect.width() / rect.height() - 2.0) < 0.02);
    QVERIFY(qAbs(rect.width() - 600.0) < 1.0);
    QVERIFY(qAbs(rect.center().y() - 300.0) < 1.0);
  }

  void wheelChangesSliceAndEmits() {
    SliceView view;
    view.resize(200, 200);
    view.setImage(rampImage(4, 4, 3));
    QCOMPARE(view.sliceIndex(), 1);
    QSignalSpy spy(&view, &SliceView::sliceChanged);

    sendWheel(view, 120);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.takeFirst().at(0).toInt(), 2);
    // Clamped at the last slice: no change, no signal.
    sendWheel(view, 120);
    QCOMPARE(spy.count(), 0);
    QCOMPARE(view.sliceIndex(), 2);
    // Half notches (touchpads) accumulate.
    sendWheel(view, -60);
    QCOMPARE(spy.count(), 0);
    sendWheel(view, -60);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(view.sliceIndex(), 1);

    // The slice's content follows: slice 1 and 2 differ by 100.
    const int darker = greyAt(render(view), view, 1, 1);
    view.setSliceIndex(2);
    QVERIFY(greyAt(render(view), view, 1, 1) > darker);
  }

  void coronalAndSagittalHaveTheExpectedShape() {
    SliceView view;
    view.resize(300, 300);
    view.setImage(rampImage(8, 6, 4));
    QSignalSpy orientationSpy(&view, &SliceView::orientationChanged);

    view.setOrientation(SliceOrientation::Coronal);
    QCOMPARE(orientationSpy.count(), 1);
    QCOMPARE(view.sliceSize(), QSize(8, 4));
    QCOMPARE(view.sliceCount(), 6);
    QCOMPARE(view.sliceIndex(), 3);
    QImage frame = render(view);
    // Superior (high z, +100 per slice) is drawn at the top: the top row is brighter.
    QVERIFY(view.widgetPosition({0, 3, 3}).y() < view.widgetPosition({0, 3, 0}).y());
    QVERIFY(greyAt(frame, view, 0, 3, 3) > greyAt(frame, view, 0, 3, 0));
    QVERIFY(greyAt(frame, view, 7, 3, 0) > greyAt(frame, view, 0, 3, 0));

    view.setOrientation(SliceOrientation::Sagittal);
    QCOMPARE(view.sliceSize(), QSize(6, 4));
    QCOMPARE(view.sliceCount(), 8);
    frame = render(view);
    QVERIFY(greyAt(frame, view, 4, 5, 0) > greyAt(frame, view, 4, 0, 0));  // +10 per y

    // voxelAt inverts widgetPosition.
    const auto voxel = view.voxelAt(view.widgetPosition({4, 2, 1}));
    QVERIFY(voxel.has_value());
    QCOMPARE((*voxel)[0], view.sliceIndex());
    QCOMPARE((*voxel)[1], 2);
    QCOMPARE((*voxel)[2], 1);
    QVERIFY(!view.voxelAt(QPointF(-5, -5)).has_value());
  }

  void followsTheDirectionCosines() {
    // NIfTI's usual RAS grid becomes direction diag(-1, -1, 1) in ITK's LPS: index x grows
    // towards the patient's right, which radiological display puts on the screen's left.
    Image image = rampImage(8, 6, 3);
    ImageGeometry flipped = image.geometry();
    flipped.direction = {-1, 0, 0, 0, -1, 0, 0, 0, 1};
    SliceView view;
    view.resize(400, 300);
    view.setImage(Image(flipped, std::vector<float>(image.voxels().begin(), image.voxels().end())));
    QCOMPARE(view.sliceAxes(), (anomadiff::SliceAxes{0, 1, 2, true, true}));
    QVERIFY(view.widgetPosition({0, 0, 1}).x() > view.widgetPosition({7, 0, 1}).x());
    QVERIFY(view.widgetPosition({0, 0, 1}).y() > view.widgetPosition({0, 5, 1}).y());
    const QImage frame = render(view);
    QVERIFY(greyAt(frame, view, 7, 0, 1) > greyAt(frame, view, 0, 0, 1));
    // The brightest voxel (7, 5) is drawn in the top-left corner.
    QVERIFY(qGray(frame.pixel(QPoint(2, 2))) > qGray(frame.pixel(QPoint(397, 297))));
    const auto corner = view.voxelAt(QPointF(2, 2));
    QVERIFY(corner.has_value());
    QCOMPARE(*corner, (std::array<int, 3>{7, 5, 1}));
  }

  void aSagittalAcquisitionStillShowsAxialSlicesAsAxial() {
    // Index axes: 0 -> posterior (+y), 1 -> inferior (-z), 2 -> patient left (+x).
    ImageGeometry geometry;
    geometry.size = {8, 6, 4};
    geometry.direction = {0, 0, 1, 1, 0, 0, 0, -1, 0};
    SliceView view;
    view.resize(300, 300);
    view.setImage(Image::filled(geometry, 1.0F));
    QCOMPARE(view.sliceAxes(), (anomadiff::SliceAxes{2, 0, 1, false, false}));
    QCOMPARE(view.sliceSize(), QSize(4, 8));
    QCOMPARE(view.sliceCount(), 6);
    view.setOrientation(SliceOrientation::Sagittal);
    // The acquisition plane itself, unflipped: rows already run superior to inferior.
    QCOMPARE(view.sliceAxes(), (anomadiff::SliceAxes{0, 1, 2, false, false}));
    QCOMPARE(view.sliceCount(), 4);
  }

  void aTwoDimensionalImageAlwaysShowsItsPlane() {
    SliceView view;
    view.resize(200, 200);
    view.setImage(rampImage(8, 6, 1));
    view.setOrientation(SliceOrientation::Coronal);
    QCOMPARE(view.sliceSize(), QSize(8, 6));
    QCOMPARE(view.sliceCount(), 1);
  }

  void rightDragAdjustsWindowAndLevel() {
    SliceView view;
    view.resize(200, 200);
    view.setImage(rampImage(8, 8, 1));
    const double window = view.window();
    const double level = view.level();
    QSignalSpy spy(&view, &SliceView::windowLevelChanged);
    sendMouse(view, QEvent::MouseButtonPress, {100, 100}, Qt::RightButton, Qt::RightButton);
    sendMouse(view, QEvent::MouseMove, {140, 120}, Qt::NoButton, Qt::RightButton);
    sendMouse(view, QEvent::MouseButtonRelease, {140, 120}, Qt::RightButton, Qt::NoButton);
    QVERIFY(spy.count() >= 1);
    QVERIFY(view.window() > window);
    QVERIFY(view.level() > level);
    view.resetWindowLevel();
    QCOMPARE(view.window(), window);
  }

  void constantAndEmptyImagesDoNotBreak() {
    SliceView view;
    view.resize(100, 100);
    QVERIFY(!render(view).isNull());  // placeholder text
    ImageGeometry geometry;
    geometry.size = {5, 5, 1};
    view.setImage(Image::filled(geometry, 7.0F));
    QVERIFY(view.window() > 0.0);
    QCOMPARE(greyAt(render(view), view, 2, 2), 128);
    view.clear();
    QVERIFY(!view.hasImage());
    QCOMPARE(view.sliceCount(), 0);
    QVERIFY(!render(view).isNull());
  }
};

QTEST_MAIN(SliceViewTest)
#include "SliceViewTest.moc"
