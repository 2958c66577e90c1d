// VTK inside our QOpenGLWidget adapter, rendered for real under Xvfb/Mesa: frames are grabbed
// from the GL framebuffer and checked pixel by pixel.

#include "image/Image.h"
#include "render/VtkOpenGLWidget.h"
#include "views/VolumeView.h"

#include <QApplication>
#include <QWheelEvent>
#include <QtTest>

#include <cstdlib>
#include <memory>

using anomadiff::Image;
using anomadiff::ImageGeometry;
using anomadiff::gui::VolumeView;
using anomadiff::gui::VtkOpenGLWidget;

namespace {

constexpr int kViewSize = 300;
// 8-bit rounding of the background colour differs by at most 1 between GL and QColor.
constexpr int kBackgroundTolerance = 3;

// n^3 zeros with a bright cube filling [lo, hi)^3.
Image cubeVolume(std::size_t n, std::size_t lo, std::size_t hi, float value) {
  ImageGeometry geometry;
  geometry.size = {n, n, n};
  Image image = Image::filled(geometry, 0.0F);
  for (std::size_t z = lo; z < hi; ++z) {
    for (std::size_t y = lo; y < hi; ++y) {
      for (std::size_t x = lo; x < hi; ++x) {
        image.at(x, y, z) = value;
      }
    }
  }
  return image;
}

bool isBackground(QRgb pixel, const QColor& background) {
  return std::abs(qRed(pixel) - background.red()) <= kBackgroundTolerance &&
         std::abs(qGreen(pixel) - background.green()) <= kBackgroundTolerance &&
         std::abs(qBlue(pixel) - background.blue()) <= kBackgroundTolerance;
}

int countNonBackground(const QImage& frame, const QColor& background) {
  int count = 0;
  for (int y = 0; y < frame.height(); ++y) {
    for (int x = 0; x < frame.width(); ++x) {
      count += isBackground(frame.pixel(x, y), background) ? 0 : 1;
    }
  }
  return count;
}

// All pixels of a square of side `side` at (x0, y0) are background.
bool squareIsBackground(const QImage& frame, int x0, int y0, int side, const QColor& background) {
  for (int y = y0; y < y0 + side; ++y) {
    for (int x = x0; x < x0 + side; ++x) {
      if (!isBackground(frame.pixel(x, y), background)) {
        return false;
      }
    }
  }
  return true;
}

double meanGrey(const QImage& frame, const QRect& area) {
  double sum = 0.0;
  for (int y = area.top(); y <= area.bottom(); ++y) {
    for (int x = area.left(); x <= area.right(); ++x) {
      sum += qGray(frame.pixel(x, y));
    }
  }
  return sum / (area.width() * area.height());
}

QRect centreSquare(const QImage& frame, int side) {
  return {frame.width() / 2 - side / 2, frame.height() / 2 - side / 2, side, side};
}

}  // namespace

class VolumeViewTest : public QObject {
  Q_OBJECT

 public:
  // Called by QTEST_MAIN before QApplication exists (surface format, xcb, shared contexts).
  static void initMain() { VtkOpenGLWidget::prepareApplication(); }

 private Q_SLOTS:
  void brightCubeShowsInTheCentreAndNotInTheCorners() {
    VolumeView view;
    view.resize(kViewSize, kViewSize);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setImage(cubeVolume(32, 10, 22, 1000.0F));
    QCOMPARE(view.mode(), VolumeView::Mode::Volume);

    const QImage frame = view.grabFrame().convertToFormat(QImage::Format_RGB32);
    QVERIFY(!frame.isNull());
    QVERIFY(frame.width() >= kViewSize && frame.height() >= kViewSize);
    const QColor background = view.backgroundColor();

    const QRect centre = centreSquare(frame, 20);
    for (const QPoint p : {centre.topLeft(), centre.center(), centre.bottomRight()}) {
      QVERIFY2(!isBackground(frame.pixel(p), background),
               qPrintable(QStringLiteral("background at (%1, %2)").arg(p.x()).arg(p.y())));
    }
    // A grey ramp from black: the cube is brighter than the slate background.
    QVERIFY(meanGrey(frame, centre) > qGray(background.rgb()) + 40);

    const int corner = 20;
    QVERIFY(squareIsBackground(frame, 0, 0, corner, background));
    QVERIFY(squareIsBackground(frame, frame.width() - corner, 0, corner, background));
    QVERIFY(squareIsBackground(frame, 0, frame.height() - corner, corner, background));
    QVERIFY(squareIsBackground(frame, frame.width() - corner, frame.height() - corner, corner,
                               background));
  }

  void emptyVolumeShowsOnlyBackground() {
    VolumeView view;
    view.resize(kViewSize, kViewSize);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setImage(cubeVolume(32, 0, 0, 0.0F));
    const QImage frame = view.grabFrame().convertToFormat(QImage::Format_RGB32);
    QVERIFY(!frame.isNull());
    QCOMPARE(countNonBackground(frame, view.backgroundColor()), 0);
  }

  void imageIsReplacedAndCleared() {
    VolumeView view;
    view.resize(kViewSize, kViewSize);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setImage(cubeVolume(32, 10, 22, 1000.0F));
    QVERIFY(countNonBackground(view.grabFrame(), view.backgroundColor()) > 500);
    view.clear();
    QVERIFY(!view.hasImage());
    QCOMPARE(countNonBackground(view.grabFrame(), view.backgroundColor()), 0);
  }

  void twoDimensionalImageShowsAsASlice() {
    ImageGeometry geometry;
    geometry.size = {64, 48, 1};
    geometry.spacing = {0.5, 0.5, 1.0};
    Image image = Image::filled(geometry, 10.0F);
    for (std::size_t y = 16; y < 32; ++y) {
      for (std::size_t x = 24; x < 40; ++x) {
        image.at(x, y) = 500.0F;
      }
    }
    VolumeView view;
    view.resize(kViewSize, kViewSize);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setImage(image);
    QCOMPARE(view.mode(), VolumeView::Mode::Slice);
    const QImage frame = view.grabFrame().convertToFormat(QImage::Format_RGB32);
    const QColor background = view.backgroundColor();
    // The bright square sits at the image centre, face-on: near white there.
    QVERIFY(meanGrey(frame, centreSquare(frame, 10)) > 200.0);
    // The dim rest of the slice is dark but drawn (not background), left of the square.
    const QRgb dim = frame.pixel(frame.width() / 2 - 50, frame.height() / 2);
    QVERIFY(!isBackground(dim, background));
    QVERIFY(qGray(dim) < 40);
    QVERIFY(squareIsBackground(frame, 0, 0, 10, background));
  }

  void neverShownViewIsHarmless() {
    // No GL context ever exists: setting images and destroying must not touch GL.
    auto view = std::make_unique<VolumeView>();
    view->setImage(cubeVolume(16, 4, 12, 5.0F));
    view->resetCamera();
    view->clear();
    view.reset();
  }

  void wheelForwardedToVtkZoomsIn() {
    VolumeView view;
    view.resize(kViewSize, kViewSize);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setImage(cubeVolume(32, 10, 22, 1000.0F));
    const int before = countNonBackground(view.grabFrame(), view.backgroundColor());

    // VTK renders this outside paintGL (the interactor's own render), then asks for an update.
    QWidget* gl = view.glWidget();
    const QPointF centre(gl->width() / 2.0, gl->height() / 2.0);
    for (int i = 0; i < 5; ++i) {
      QWheelEvent wheel(centre, gl->mapToGlobal(centre), QPoint(), QPoint(0, 120), Qt::NoButton,
                        Qt::NoModifier, Qt::NoScrollPhase, false);
      QCoreApplication::sendEvent(gl, &wheel);
    }
    const int after = countNonBackground(view.grabFrame(), view.backgroundColor());
    QVERIFY2(after > before * 1.2, qPrintable(QStringLiteral("%1 -> %2").arg(before).arg(after)));
  }

  void rendersAgainAfterMovingToAnotherWindow() {
    // A new top-level window gives the QOpenGLWidget a new context: VTK must release its GL
    // objects with the old one (aboutToBeDestroyed) and initialise again.
    QWidget first;
    first.resize(kViewSize, kViewSize);
    auto* view = new VolumeView(&first);
    view->resize(kViewSize, kViewSize);
    first.show();
    QVERIFY(QTest::qWaitForWindowExposed(&first));
    view->setImage(cubeVolume(32, 10, 22, 1000.0F));
    QVERIFY(countNonBackground(view->grabFrame(), view->backgroundColor()) > 500);

    QWidget second;
    second.resize(kViewSize, kViewSize);
    view->setParent(&second);
    view->show();
    second.show();
    QVERIFY(QTest::qWaitForWindowExposed(&second));
    first.close();
    const QImage frame = view->grabFrame().convertToFormat(QImage::Format_RGB32);
    QVERIFY(!frame.isNull());
    QVERIFY(
        !isBackground(frame.pixel(frame.width() / 2, frame.height() / 2), view->backgroundColor()));
    QVERIFY(squareIsBackground(frame, 0, 0, 20, view->backgroundColor()));
  }
};

QTEST_MAIN(VolumeViewTest)
#include "VolumeViewTest.moc"
