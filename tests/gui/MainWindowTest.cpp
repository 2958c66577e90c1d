// The main window's load path: errors are reported (signal, status, non-modal box) and never
// take the window or the current image down; a valid file reaches both views and the status bar.

#include "TestFolder.h"
#include "common/Version.h"
#include "image/Image.h"
#include "image/ImageWriter.h"
#include "render/VtkOpenGLWidget.h"
#include "views/SliceView.h"
#include "views/VolumeView.h"
#include "window/MainWindow.h"

#include <QFile>
#include <QLabel>
#include <QMessageBox>
#include <QSignalSpy>
#include <QStatusBar>
#include <QtTest>

using anomadiff::Image;
using anomadiff::ImageGeometry;
using anomadiff::ImageWriter;
using anomadiff::gui::MainWindow;
using anomadiff::gui::VolumeView;
using anomadiff::gui::VtkOpenGLWidget;
using anomadiff::test::TestFolder;

namespace {

QString qPath(const std::filesystem::path& path) {
  return QString::fromStdString(path.string());
}

// A 20 x 16 x 8 volume with a bright block, so both views have something to draw.
Image blockVolume() {
  ImageGeometry geometry;
  geometry.size = {20, 16, 8};
  geometry.spacing = {1.0, 1.0, 2.5};
  Image image = Image::filled(geometry, 0.0F);
  for (std::size_t z = 2; z < 6; ++z) {
    for (std::size_t y = 4; y < 12; ++y) {
      for (std::size_t x = 5; x < 15; ++x) {
        image.at(x, y, z) = 800.0F;
      }
    }
  }
  return image;
}

void writeGarbage(const std::filesystem::path& path) {
  QFile file(qPath(path));
  QVERIFY(file.open(QIODevice::WriteOnly));
  file.write("this is not a NIfTI file at all, just some bytes");
}

QString statusText(const MainWindow& window) {
  QStringList parts;
  for (const QLabel* label : window.statusBar()->findChildren<QLabel*>()) {
    parts << label->text();
  }
  return parts.join(QLatin1Char('|'));
}

}  // namespace

class MainWindowTest : public QObject {
  Q_OBJECT

 public:
  static void initMain() { VtkOpenGLWidget::prepareApplication(); }

 private Q_SLOTS:
  void corruptFileIsReportedAndTheWindowSurvives() {
    TestFolder folder;
    writeGarbage(folder / "corrupt.nii.gz");
    MainWindow window;
    window.setErrorDialogsEnabled(false);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy failed(&window, &MainWindow::loadFailed);
    QSignalSpy loaded(&window, &MainWindow::imageLoaded);

    QVERIFY(!window.openImage(qPath(folder / "corrupt.nii.gz")));
    QCOMPARE(failed.count(), 1);
    QCOMPARE(loaded.count(), 0);
    const QString message = failed.takeFirst().at(0).toString();
    QVERIFY2(message.contains(QStringLiteral("corrupt.nii.gz")), qPrintable(message));
    QCOMPARE(window.lastError(), message);
    QVERIFY(window.image() == nullptr);
    QVERIFY(window.isVisible());
    QVERIFY(window.findChildren<QMessageBox*>().isEmpty());

    QVERIFY(!window.openImage(qPath(folder / "missing.nii.gz")));
    QCOMPARE(failed.count(), 1);
    QVERIFY(!window.openImage(qPath(folder.path())));  // a folder without DICOM files
    QCOMPARE(failed.count(), 2);
    QVERIFY(window.isVisible());
  }

  void errorBoxIsNonModal() {
    TestFolder folder;
    writeGarbage(folder / "corrupt.mha");
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    // Returns without anyone closing a dialog: no nested event loop.
    QVERIFY(!window.openImage(qPath(folder / "corrupt.mha")));
    const auto boxes = window.findChildren<QMessageBox*>();
    QCOMPARE(boxes.size(), 1);
    QVERIFY(boxes.first()->text().contains(QStringLiteral("corrupt.mha")));
    boxes.first()->close();
  }

  void validNiftiUpdatesBothViewsAndTheStatusBar() {
    TestFolder folder;
    ImageWriter().write(blockVolume(), folder / "block.nii.gz");
    MainWindow window;
    window.setErrorDialogsEnabled(false);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy loaded(&window, &MainWindow::imageLoaded);

    QVERIFY2(window.openImage(qPath(folder / "block.nii.gz")), qPrintable(window.lastError()));
    QCOMPARE(loaded.count(), 1);
    QVERIFY(window.image() != nullptr);
    QCOMPARE(window.image()->depth(), std::size_t{8});
    QVERIFY(window.sliceView()->hasImage());
    QCOMPARE(window.sliceView()->sliceCount(), 8);
    QCOMPARE(window.sliceView()->sliceSize(), QSize(20, 16));
    QCOMPARE(window.volumeView()->mode(), VolumeView::Mode::Volume);
    QVERIFY(window.windowTitle().contains(QStringLiteral("block.nii.gz")));
    const QString status = statusText(window);
    QVERIFY2(status.contains(QStringLiteral("20 × 16 × 8")), qPrintable(status));
    QVERIFY2(status.contains(QStringLiteral("2.5")), qPrintable(status));
    QVERIFY2(status.contains(QStringLiteral("Slice 5/8")), qPrintable(status));
    // The cursor's voxel and value are in the status bar.
    const auto cursor = window.sliceView()->cursorVoxel();
    const float value =
        window.image()->at(std::size_t(cursor[0]), std::size_t(cursor[1]), std::size_t(cursor[2]));
    const QString voxel = QStringLiteral("[%1, %2, %3] = %4")
                              .arg(cursor[0])
                              .arg(cursor[1])
                              .arg(cursor[2])
                              .arg(double(value), 0, 'g', 5);
    QVERIFY2(status.contains(voxel), qPrintable(status + " lacks " + voxel));
    QVERIFY2(status.contains(QStringLiteral("mm LPS")), qPrintable(status));

    // A later failure keeps the image that is shown.
    writeGarbage(folder / "bad.nrrd");
    QVERIFY(!window.openImage(qPath(folder / "bad.nrrd")));
    QVERIFY(window.image() != nullptr);
    QVERIFY(window.sliceView()->hasImage());
    QCOMPARE(window.imagePath(), qPath(folder / "block.nii.gz"));
  }

  void screenshotIncludesTheGlView() {
    TestFolder folder;
    ImageWriter().write(blockVolume(), folder / "block.nii.gz");
    MainWindow window;
    window.setErrorDialogsEnabled(false);
    window.resize(900, 500);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.openImage(qPath(folder / "block.nii.gz")));
    const QImage shot = window.grabScreenshot().convertToFormat(QImage::Format_RGB32);
    QVERIFY(!shot.isNull());
    const QRgb background = window.volumeView()->backgroundColor().rgb();
    const auto regionOf = [&window](const QWidget* widget) {
      return QRect(widget->mapTo(&window, QPoint(0, 0)), widget->size());
    };
    const auto count = [&shot](const QRect& region, auto&& predicate) {
      int n = 0;
      for (int y = region.top(); y <= region.bottom(); ++y) {
        for (int x = region.left(); x <= region.right(); ++x) {
          n += predicate(shot.pixel(x, y)) ? 1 : 0;
        }
      }
      return n;
    };
    // The VTK view's slate background fills most of the 3D view: its GL frame is in the shot.
    const QRect volumeRegion = regionOf(window.volumeView());
    const int backgroundPixels = count(volumeRegion, [background](QRgb pixel) {
      return qAbs(qRed(pixel) - qRed(background)) <= 2 &&
             qAbs(qGreen(pixel) - qGreen(background)) <= 2 &&
             qAbs(qBlue(pixel) - qBlue(background)) <= 2;
    });
    QVERIFY2(backgroundPixels > volumeRegion.width() * volumeRegion.height() / 2,
             qPrintable(QString::number(backgroundPixels)));
    // ... and the volume itself: grey-to-white pixels that are not background.
    const int volumePixels = count(volumeRegion, [](QRgb pixel) { return qGray(pixel) > 60; });
    QVERIFY2(volumePixels > 500, qPrintable(QString::number(volumePixels)));
    // The slice view shows the white block.
    const int brightPixels =
        count(regionOf(window.sliceView()), [](QRgb pixel) { return qGray(pixel) > 240; });
    QVERIFY2(brightPixels > 1000, qPrintable(QString::number(brightPixels)));
  }

  void aboutNamesVersionAndResearchUse() {
    const QString text = MainWindow::aboutText();
    QVERIFY(text.contains(QString::fromUtf8(anomadiff::kVersion)));
    QVERIFY(text.contains(QStringLiteral("research use only"), Qt::CaseInsensitive));
  }
};

QTEST_MAIN(MainWindowTest)
#include "MainWindowTest.moc"
