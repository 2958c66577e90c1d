// VolumeView's layers over the image (anomaly map, box outlines), camera centring and box picking,
// rendered for real under Xvfb/Mesa: frames are grabbed and their pixels classified by colour.

#include "common/Error.h"
#include "image/Image.h"
#include "localize/BoundingBox.h"
#include "render/VtkOpenGLWidget.h"
#include "views/VolumeView.h"

#include <QSignalSpy>
#include <QtTest>

#include <array>
#include <vector>

using anomadiff::BoundingBox;
using anomadiff::Image;
using anomadiff::ImageGeometry;
using anomadiff::gui::VolumeView;
using anomadiff::gui::VtkOpenGLWidget;

namespace {

constexpr int kViewSize = 300;
// Pixels of a colour class needed to call a layer visible; a few stray edge pixels are not.
constexpr int kVisible = 20;

// Colour classes, far from the grey ramp of the image and the slate background.
bool isWarm(QRgb p) {  // the anomaly layer (orange-red)
  return qRed(p) - qBlue(p) > 60 && qRed(p) - qGreen(p) > 30;
}
bool isCool(QRgb p) {  // box outlines (cyan)
  return qBlue(p) - qRed(p) > 60 && qGreen(p) - qRed(p) > 60;
}
bool isYellow(QRgb p) {  // the selected box
  return qRed(p) > 170 && qGreen(p) > 170 && qBlue(p) < 90;
}

template <typename Predicate>
QList<QPoint> pixelsWhere(const QImage& frame, Predicate predicate) {
  QList<QPoint> found;
  for (int y = 0; y < frame.height(); ++y) {
    for (int x = 0; x < frame.width(); ++x) {
      if (predicate(frame.pixel(x, y))) {
        found.append(QPoint(x, y));
      }
    }
  }
  return found;
}

template <typename Predicate>
int countWhere(const QImage& frame, Predicate predicate) {
  return static_cast<int>(pixelsWhere(frame, predicate).size());
}

ImageGeometry cubeGeometry(std::size_t n) {
  ImageGeometry geometry;
  geometry.size = {n, n, n};
  return geometry;
}

// A 32^3 "head": a block of moderate intensity inside air, so the volume rendering shows grey.
Image head() {
  Image image = Image::filled(cubeGeometry(32), 0.0F);
  for (std::size_t z = 4; z < 28; ++z) {
    for (std::size_t y = 4; y < 28; ++y) {
      for (std::size_t x = 4; x < 28; ++x) {
        image.at(x, y, z) = 500.0F;
      }
    }
  }
  return image;
}

// An anomaly map on `geometry`: 1 inside a ball of `radius` voxels around `centre`, 0 elsewhere.
Image ballMap(const ImageGeometry& geometry, std::array<double, 3> centre, double radius) {
  Image map = Image::filled(geometry, 0.0F);
  for (std::size_t z = 0; z < geometry.size[2]; ++z) {
    for (std::size_t y = 0; y < geometry.size[1]; ++y) {
      for (std::size_t x = 0; x < geometry.size[0]; ++x) {
        const double dx = static_cast<double>(x) - centre[0];
        const double dy = static_cast<double>(y) - centre[1];
        const double dz = static_cast<double>(z) - centre[2];
        map.at(x, y, z) = dx * dx + dy * dy + dz * dz <= radius * radius ? 1.0F : 0.0F;
      }
    }
  }
  return map;
}

BoundingBox box(int id, std::size_t x, std::size_t y, std::size_t z, std::size_t side,
                std::size_t depth) {
  BoundingBox b;
  b.id = id;
  b.x = x;
  b.y = y;
  b.z = z;
  b.width = side;
  b.height = side;
  b.depth = depth;
  return b;
}

QImage frameOf(VolumeView& view) {
  return view.grabFrame().convertToFormat(QImage::Format_RGB32);
}

// The widget position of a device pixel of the grabbed frame.
QPoint widgetPosition(const VolumeView& view, QPoint devicePixel) {
  const qreal dpr = view.glWidget()->devicePixelRatioF();
  return (QPointF(devicePixel) / dpr).toPoint();
}

}  // namespace

class VolumeViewLayersTest : public QObject {
  Q_OBJECT

 public:
  static void initMain() { VtkOpenGLWidget::prepareApplication(); }

 private Q_SLOTS:
  void init() {
    m_view = std::make_unique<VolumeView>();
    m_view->resize(kViewSize, kViewSize);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
  }

  void cleanup() { m_view.reset(); }

  void anomalyMapAddsWarmPixelsAndClearRemovesThem() {
    m_view->setImage(head());
    QCOMPARE(countWhere(frameOf(*m_view), isWarm), 0);

    m_view->setAnomalyMap(ballMap(cubeGeometry(32), {16, 16, 16}, 5.0), 0.5);
    QVERIFY(m_view->hasAnomalyMap());
    const QImage frame = frameOf(*m_view);
    QVERIFY2(countWhere(frame, isWarm) > 200,
             qPrintable(QString::number(countWhere(frame, isWarm))));
    // The ball is at the centre of the image, which the camera looks at.
    QVERIFY(isWarm(frame.pixel(frame.width() / 2, frame.height() / 2)));

    m_view->clearAnomalyMap();
    QVERIFY(!m_view->hasAnomalyMap());
    QCOMPARE(countWhere(frameOf(*m_view), isWarm), 0);
  }

  void thresholdAboveTheMapShowsNothing() {
    m_view->setImage(head());
    m_view->setAnomalyMap(ballMap(cubeGeometry(32), {16, 16, 16}, 5.0), 2.0);
    QCOMPARE(countWhere(frameOf(*m_view), isWarm), 0);
  }

  void boxesAddOutlinesAndTheSelectedOneIsHighlighted() {
    m_view->setImage(head());
    QCOMPARE(countWhere(frameOf(*m_view), isCool), 0);

    m_view->setBoxes({box(3, 10, 10, 10, 8, 8)});
    QVERIFY(countWhere(frameOf(*m_view), isCool) > kVisible);
    QCOMPARE(countWhere(frameOf(*m_view), isYellow), 0);

    m_view->setSelectedBox(3);
    const QImage selected = frameOf(*m_view);
    QVERIFY(countWhere(selected, isYellow) > kVisible);
    QCOMPARE(countWhere(selected, isCool), 0);

    m_view->setSelectedBox(-1);
    QVERIFY(countWhere(frameOf(*m_view), isCool) > kVisible);
    QCOMPARE(countWhere(frameOf(*m_view), isYellow), 0);
  }

  void newImageClearsAnomalyMapAndBoxes() {
    m_view->setImage(head());
    m_view->setAnomalyMap(ballMap(cubeGeometry(32), {16, 16, 16}, 5.0), 0.5);
    m_view->setBoxes({box(1, 10, 10, 10, 8, 8)});
    QVERIFY(countWhere(frameOf(*m_view), isWarm) > kVisible);

    m_view->setImage(head());
    QVERIFY(!m_view->hasAnomalyMap());
    const QImage frame = frameOf(*m_view);
    QCOMPARE(countWhere(frame, isWarm), 0);
    QCOMPARE(countWhere(frame, isCool), 0);
  }

  void mapOfAnotherSizeOrNoImageIsRefused() {
    QVERIFY_THROWS_EXCEPTION(anomadiff::InvalidArgument,
                             m_view->setAnomalyMap(ballMap(cubeGeometry(8), {4, 4, 4}, 2), 0.5));
    QVERIFY_THROWS_EXCEPTION(anomadiff::InvalidArgument, m_view->setBoxes({box(1, 0, 0, 0, 2, 2)}));
    m_view->setImage(head());
    QVERIFY_THROWS_EXCEPTION(anomadiff::InvalidArgument,
                             m_view->setAnomalyMap(ballMap(cubeGeometry(16), {8, 8, 8}, 2), 0.5));
    QVERIFY(!m_view->hasAnomalyMap());
  }

  void twoDimensionalMapColoursThePixelsAboveTheThreshold() {
    ImageGeometry geometry;
    geometry.size = {64, 48, 1};
    geometry.spacing = {0.5, 0.5, 1.0};
    m_view->setImage(Image::filled(geometry, 200.0F));
    QCOMPARE(m_view->mode(), VolumeView::Mode::Slice);
    QCOMPARE(countWhere(frameOf(*m_view), isWarm), 0);

    // A disk of radius 6 pixels at the image centre.
    m_view->setAnomalyMap(ballMap(geometry, {31.5, 23.5, 0.0}, 6.0), 0.5);
    const QImage frame = frameOf(*m_view);
    const QPoint centre(frame.width() / 2, frame.height() / 2);
    QVERIFY(isWarm(frame.pixel(centre)));
    // 20 image pixels left of the centre is outside the disk: the slice shows through.
    const QPoint outside = centre - QPoint(frame.width() / 4, 0);
    QVERIFY(!isWarm(frame.pixel(outside)));
    QVERIFY(countWhere(frame, isWarm) > 200);

    m_view->setBoxes({box(5, 8, 8, 0, 10, 1)});
    QVERIFY(countWhere(frameOf(*m_view), isCool) > kVisible);
  }

  void centreOnMovesTheFocalPointToTheVoxel() {
    ImageGeometry geometry = cubeGeometry(20);
    geometry.spacing = {0.5, 0.8, 1.5};
    geometry.origin = {10.0, -5.0, 3.0};
    // Index x runs along physical -y, index y along +x, index z along +z.
    geometry.direction = {0, 1, 0, -1, 0, 0, 0, 0, 1};
    m_view->setImage(Image::filled(geometry, 1.0F));

    m_view->centreOn({4.0, 6.0, 2.0});
    const std::array<double, 3> expected{10.0 + 6.0 * 0.8, -5.0 - 4.0 * 0.5, 3.0 + 2.0 * 1.5};
    const std::array<double, 3> focal = m_view->focalPoint();
    for (std::size_t i = 0; i < 3; ++i) {
      QVERIFY2(
          std::abs(focal[i] - expected[i]) < 1e-9,
          qPrintable(QStringLiteral("axis %1: %2 vs %3").arg(i).arg(focal[i]).arg(expected[i])));
    }
  }

  void clickOnAnOutlineEmitsItsId() {
    m_view->setImage(head());
    m_view->setBoxes({box(7, 5, 5, 5, 6, 6), box(9, 18, 18, 18, 8, 8)});
    // The selected box is the only yellow one: click on one of its pixels.
    m_view->setSelectedBox(9);
    const QList<QPoint> yellow = pixelsWhere(frameOf(*m_view), isYellow);
    QVERIFY(yellow.size() > kVisible);
    const QPoint onOutline = widgetPosition(*m_view, yellow.at(yellow.size() / 2));

    QSignalSpy clicked(m_view.get(), &VolumeView::boxClicked);
    QWidget* gl = m_view->glWidget();
    QTest::mouseClick(gl, Qt::LeftButton, Qt::NoModifier, onOutline);
    QCOMPARE(clicked.count(), 1);
    QCOMPARE(clicked.at(0).at(0).toInt(), 9);

    // Empty space picks nothing.
    QTest::mouseClick(gl, Qt::LeftButton, Qt::NoModifier, QPoint(3, 3));
    QCOMPARE(clicked.count(), 1);
  }

  void dragFromAnOutlineRotatesWithoutClicking() {
    m_view->setImage(head());
    m_view->setBoxes({box(2, 10, 10, 10, 8, 8)});
    const QList<QPoint> cool = pixelsWhere(frameOf(*m_view), isCool);
    QVERIFY(cool.size() > kVisible);
    const QPoint start = widgetPosition(*m_view, cool.at(cool.size() / 2));

    QSignalSpy clicked(m_view.get(), &VolumeView::boxClicked);
    QWidget* gl = m_view->glWidget();
    QTest::mousePress(gl, Qt::LeftButton, Qt::NoModifier, start);
    QTest::mouseMove(gl, start + QPoint(40, 0));
    QTest::mouseRelease(gl, Qt::LeftButton, Qt::NoModifier, start + QPoint(40, 0));
    QCOMPARE(clicked.count(), 0);
  }

 private:
  std::unique_ptr<VolumeView> m_view;
};

QTEST_MAIN(VolumeViewLayersTest)
#include "VolumeViewLayersTest.moc"
