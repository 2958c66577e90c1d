// The four-up layout (axial, coronal, sagittal, 3D) on a real coronal-stored scan, the intake
// banner, and the model card summary of File › Load Model….

#include "RealData.h"
#include "TestFolder.h"
#include "common/Error.h"
#include "render/VtkOpenGLWidget.h"
#include "views/ComparisonView.h"
#include "views/FourUpView.h"
#include "views/HeatMapLayer.h"
#include "views/SliceView.h"
#include "views/VolumeView.h"
#include "window/CentralArea.h"
#include "window/MainWindow.h"
#include "window/ModelCardSummary.h"

#include <QDir>
#include <QDockWidget>
#include <QtTest>

using namespace anomadiff;
using namespace anomadiff::gui;

namespace {

/// A hot block of anomaly in the middle of `input`'s grid, above threshold 0.5.
std::shared_ptr<const Image> hotBlock(const Image& input) {
  Image map = Image::filled(input.geometry(), 0.0f);
  const auto& size = input.geometry().size;
  for (std::size_t z = size[2] / 2 - 4; z < size[2] / 2 + 4; ++z)
    for (std::size_t y = size[1] / 2 - 6; y < size[1] / 2 + 6; ++y)
      for (std::size_t x = size[0] / 2 - 8; x < size[0] / 2 + 8; ++x) map.at(x, y, z) = 1.0f;
  return std::make_shared<const Image>(std::move(map));
}

int hotPixels(const QImage& shot, const QRect& region) {
  int count = 0;
  for (int y = region.top(); y <= region.bottom(); ++y)
    for (int x = region.left(); x <= region.right(); ++x) {
      const QRgb pixel = shot.pixel(x, y);
      count += qRed(pixel) > 150 && qBlue(pixel) < 90 && qRed(pixel) > qGray(pixel) + 40 ? 1 : 0;
    }
  return count;
}

/// Keeps the frame for a person to look at when ANOMADIFF_TEST_FRAMES names a folder.
void keepFrame(const QImage& frame, const QString& name) {
  const QString folder = qEnvironmentVariable("ANOMADIFF_TEST_FRAMES");
  if (!folder.isEmpty()) frame.save(QDir(folder).filePath(name));
}

}  // namespace

class FourUpLayoutTest : public QObject {
  Q_OBJECT

 public:
  static void initMain() { VtkOpenGLWidget::prepareApplication(); }

 private Q_SLOTS:
  /// KmeansTest is stored L-S-A (coronal slices): each quadrant still shows its own plane, and
  /// a click in one view moves the others to the clicked voxel.
  void threePlanesAndTheirCrossingOnACoronalScan() {
    MainWindow window;
    window.setErrorDialogsEnabled(false);
    window.resize(1200, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.openImage(QString::fromUtf8(test::kKmeansT1)));
    QVERIFY(window.volumeDock()->isVisible());
    window.centralArea()->setLayout(CentralArea::Layout::FourUp);
    FourUpView* fourUp = window.centralArea()->fourUp();
    QVERIFY(fourUp->isVisible());
    // The four-up has its own 3D view: the docked one goes, however the layout was changed.
    QVERIFY(!window.volumeDock()->isVisible());
    QCOMPARE(fourUp->axialView()->orientation(), SliceOrientation::Axial);
    QCOMPARE(fourUp->coronalView()->orientation(), SliceOrientation::Coronal);
    QCOMPARE(fourUp->sagittalView()->orientation(), SliceOrientation::Sagittal);
    // Storage L-S-A: the axial view's slices run along index axis 1 (S), the coronal's along 2.
    QCOMPARE(fourUp->axialView()->sliceAxes().normal, 1);
    QCOMPARE(fourUp->coronalView()->sliceAxes().normal, 2);
    QCOMPARE(fourUp->sagittalView()->sliceAxes().normal, 0);
    QVERIFY(fourUp->volumeView()->hasImage());

    const std::array<int, 3> clicked{40, 70, 25};
    fourUp->axialView()->setCursorVoxel(clicked);
    for (SliceView* view : {fourUp->coronalView(), fourUp->sagittalView()}) {
      QCOMPARE(view->cursorVoxel(), clicked);
      const int normal = view->sliceAxes().normal;
      QCOMPARE(view->sliceGrid().voxel(0, 0)[normal], clicked[normal]);
    }

    const auto map = hotBlock(*window.image());
    window.comparisonView()->setAnomalyMap(map);
    window.comparisonView()->setAnomalyThreshold(0.5);
    const auto& size = window.image()->geometry().size;
    fourUp->axialView()->setCursorVoxel({int(size[0] / 2), int(size[1] / 2), int(size[2] / 2)});
    QTest::qWait(50);
    const QImage shot = window.grabScreenshot().convertToFormat(QImage::Format_RGB32);
    keepFrame(shot, "four_up_kmeans.png");
    for (SliceView* view : {fourUp->axialView(), fourUp->coronalView(), fourUp->sagittalView()}) {
      const QRect region(view->mapTo(&window, QPoint(0, 0)), view->size());
      QVERIFY2(hotPixels(shot, region) > 50, qPrintable(view->objectName()));
    }
    // Back to the comparison: the same data, the other presentation.
    window.centralArea()->setLayout(CentralArea::Layout::Comparison);
    QVERIFY(window.comparisonView()->isVisible());
    keepFrame(window.grabScreenshot(), "comparison_kmeans.png");
  }

  void theBannerHoldsTheIntakesWarningsUntilTheNextImage() {
    MainWindow window;
    window.setErrorDialogsEnabled(false);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    CentralArea* central = window.centralArea();
    QVERIFY(!central->bannerVisible());
    central->setWarnings({QStringLiteral("registration to the template is doubtful")});
    QVERIFY(central->bannerVisible());
    QVERIFY(central->bannerText().contains(QStringLiteral("doubtful")));
    QVERIFY(window.openImage(QString::fromUtf8(test::kKmeansT1)));
    QVERIFY(!central->bannerVisible());
  }

  void loadModelShowsTheBundlesCard() {
    const QString bundle =
        QStringLiteral(ANOMADIFF_SOURCE_DIR) + QStringLiteral("/resources/models/default");
    const QString summary = ModelCardSummary::of(bundle);
    QVERIFY2(summary.contains(QStringLiteral("colin27-t1-96px")), qPrintable(summary));
    // The healthy denoiser works at its own size, the class-conditional one at the bundle's.
    QVERIFY2(summary.contains(QStringLiteral("healthy_denoiser: 128 px, 600 steps")),
             qPrintable(summary));
    QVERIFY(summary.contains(QStringLiteral("  denoiser: 96 px, 2000 steps")));
    // Whole volumes' own healthy model (volume_denoisers): the sixth issue-14 session's weights.
    QVERIFY2(summary.contains(QStringLiteral("volume_denoiser: 128 px, 800 steps")),
             qPrintable(summary));
    QVERIFY(summary.contains(QStringLiteral("Harvard-Oxford cortical")));
    QVERIFY(summary.contains(QStringLiteral("Research use only")));
    test::TestFolder empty;
    QVERIFY_THROWS_EXCEPTION(IoError,
                             ModelCardSummary::of(QString::fromStdString(empty.path().string())));
  }
};

QTEST_MAIN(FourUpLayoutTest)
#include "FourUpLayoutTest.moc"
