// Smoke test of the real `anomadiff` executable: --version, --screenshot on small 2D and 3D
// images (the PNG must show both the slice and the VTK view), and a corrupt input in screenshot
// mode (must exit non-zero with a message, never hang on a dialog).

#include "TestFolder.h"
#include "common/Version.h"
#include "findings/Session.h"
#include "findings/SessionFile.h"
#include "image/Image.h"
#include "image/ImageWriter.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QtTest>

#include <cmath>

using anomadiff::Image;
using anomadiff::ImageGeometry;
using anomadiff::ImageWriter;
using anomadiff::test::TestFolder;

namespace {

constexpr int kTimeoutMs = 60000;

QString qPath(const std::filesystem::path& path) {
  return QString::fromStdString(path.string());
}

// A disc (2D) or ball (3D) of 900 on a background of 50.
Image blob(std::size_t size, std::size_t depth) {
  ImageGeometry geometry;
  geometry.size = {size, size, depth};
  Image image = Image::filled(geometry, 50.0F);
  const double centre = (static_cast<double>(size) - 1.0) / 2.0;
  const double centreZ = (static_cast<double>(depth) - 1.0) / 2.0;
  for (std::size_t z = 0; z < depth; ++z) {
    for (std::size_t y = 0; y < size; ++y) {
      for (std::size_t x = 0; x < size; ++x) {
        const double dz = depth > 1 ? (static_cast<double>(z) - centreZ) *
                                          static_cast<double>(size) / static_cast<double>(depth)
                                    : 0.0;
        const double r =
            std::hypot(static_cast<double>(x) - centre, static_cast<double>(y) - centre, dz);
        if (r < static_cast<double>(size) / 3.0) {
          image.at(x, y, z) = 900.0F;
        }
      }
    }
  }
  return image;
}

struct Run {
  int exitCode = -1;
  QString output;
};

Run runApp(const QStringList& arguments) {
  QProcess process;
  process.setProcessChannelMode(QProcess::MergedChannels);
  process.start(QStringLiteral(ANOMADIFF_GUI_EXE), arguments);
  Run run;
  if (!process.waitForFinished(kTimeoutMs)) {
    process.kill();
    process.waitForFinished();
    run.output = QStringLiteral("timed out: ") + QString::fromLocal8Bit(process.readAll());
    return run;
  }
  run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
  run.output = QString::fromLocal8Bit(process.readAll());
  return run;
}

// Distinct colours, with a cap: a uniform (blank) capture has one or two.
int distinctColours(const QImage& image) {
  QSet<QRgb> colours;
  for (int y = 0; y < image.height() && colours.size() < 1000; y += 2) {
    for (int x = 0; x < image.width(); x += 2) {
      colours.insert(image.pixel(x, y));
    }
  }
  return static_cast<int>(colours.size());
}

// Pixels of the VTK view's background (0.10, 0.12, 0.16): present only if the GL frame was
// captured into the screenshot.
int vtkBackgroundPixels(const QImage& image) {
  const QColor background = QColor::fromRgbF(0.10F, 0.12F, 0.16F);
  int count = 0;
  for (int y = 0; y < image.height(); ++y) {
    for (int x = 0; x < image.width(); ++x) {
      const QRgb pixel = image.pixel(x, y);
      count += qAbs(qRed(pixel) - background.red()) <= 2 &&
                       qAbs(qGreen(pixel) - background.green()) <= 2 &&
                       qAbs(qBlue(pixel) - background.blue()) <= 2
                   ? 1
                   : 0;
    }
  }
  return count;
}

// Runs `anomadiff --screenshot png [inputs]` and checks the picture.
void checkScreenshot(const QStringList& inputs, const QString& png) {
  const Run run = runApp(QStringList{QStringLiteral("--screenshot"), png} + inputs);
  QVERIFY2(run.exitCode == 0, qPrintable(run.output));
  QImage shot(png);
  QVERIFY2(!shot.isNull(), qPrintable(png));
  shot = shot.convertToFormat(QImage::Format_RGB32);
  QVERIFY(shot.width() >= 600 && shot.height() >= 400);
  QVERIFY2(distinctColours(shot) > 20, qPrintable(QString::number(distinctColours(shot))));
  const int vtkPixels = vtkBackgroundPixels(shot);
  // Thousands at least, whatever the image; a capture without the GL frame has none.
  QVERIFY2(vtkPixels > 2000, qPrintable(QString::number(vtkPixels)));
  // Keep a copy for the README and for inspection when something looks wrong.
  const QString keep = QStringLiteral(ANOMADIFF_BINARY_DIR "/test-output");
  QDir().mkpath(keep);
  const QString copy = keep + QLatin1Char('/') + QFileInfo(png).fileName();
  QFile::remove(copy);
  QFile::copy(png, copy);
}

// `anomadiff --screenshot` of a file holding `content` fails with exit status 1, names the file
// and writes no picture.
void failsNamingTheFile(const TestFolder& folder, const char* name, const QByteArray& content) {
  QFile file(qPath(folder / name));
  QVERIFY(file.open(QIODevice::WriteOnly));
  file.write(content);
  file.close();
  const Run run =
      runApp({QStringLiteral("--screenshot"), qPath(folder / "out.png"), qPath(folder / name)});
  QVERIFY2(run.exitCode == 1, qPrintable(run.output));
  QVERIFY2(run.output.contains(QString::fromUtf8(name)), qPrintable(run.output));
  QVERIFY(!QFile::exists(qPath(folder / "out.png")));
}

}  // namespace

class AppScreenshotTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void printsItsVersion() {
    const Run run = runApp({QStringLiteral("--version")});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.output.contains(QString::fromUtf8(anomadiff::kVersion)), qPrintable(run.output));
  }

  void screenshotOfA2DImage() {
    TestFolder folder;
    ImageWriter().write(blob(96, 1), folder / "disc.nii.gz");
    checkScreenshot({qPath(folder / "disc.nii.gz")}, qPath(folder / "anomadiff-2d.png"));
  }

  void screenshotOfA3DImage() {
    TestFolder folder;
    ImageWriter().write(blob(48, 24), folder / "ball.nii.gz");
    checkScreenshot({qPath(folder / "ball.nii.gz")}, qPath(folder / "anomadiff-3d.png"));
  }

  void corruptInputFailsWithAMessage() {
    TestFolder folder;
    failsNamingTheFile(folder, "broken.nii.gz", "garbage");
  }

  void aSessionFileOpensWithItsImage() {
    // What the desktop does for *.anomadiff.json: `anomadiff FILE`.
    TestFolder folder;
    ImageWriter().write(blob(96, 1), folder / "disc.nii.gz");
    anomadiff::gui::Session session;
    session.imagePath = (folder / "disc.nii.gz").string();
    anomadiff::gui::SessionFile().write(session, folder / "review.anomadiff.json");
    checkScreenshot({qPath(folder / "review.anomadiff.json")}, qPath(folder / "session.png"));
    failsNamingTheFile(folder, "broken.anomadiff.json", "{\"version\": 1,");
  }

  void bundledExampleOpensByDefault() {
    const QString example =
        QStringLiteral(ANOMADIFF_BINARY_DIR "/share/anomadiff/examples/example.nii.gz");
    if (!QFile::exists(example)) {
      QSKIP("the bundled example is not in the build tree");
    }
    TestFolder folder;
    checkScreenshot({}, qPath(folder / "anomadiff-example.png"));
  }
};

QTEST_GUILESS_MAIN(AppScreenshotTest)
#include "AppScreenshotTest.moc"
