// anomadiff: the desktop application. Links Qt6 and VTK only; the diffusion engine (LibTorch)
// runs in the `anomadiff-cli worker` process (DESIGN.md §5).

#include "common/Version.h"
#include "render/VtkOpenGLWidget.h"
#include "window/MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QImage>
#include <QImageWriter>
#include <QStringList>
#include <QThread>
#include <QWindow>

#include <cstdio>
#include <exception>

namespace {

using anomadiff::gui::MainWindow;

// The example shipped in share/anomadiff/examples, found relative to the executable so the build
// tree and any install prefix behave the same.
QString bundledExamplePath() {
  const QDir data(QDir(QCoreApplication::applicationDirPath())
                      .filePath(QStringLiteral(ANOMADIFF_DATA_RELATIVE_DIR)));
  return data.filePath(QStringLiteral("examples/example.nii.gz"));
}

// Lets the window map, lay out and paint (Xvfb exposes asynchronously), for up to `ms`.
void settle(int ms) {
  QElapsedTimer timer;
  timer.start();
  while (timer.elapsed() < ms) {
    QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    QThread::msleep(10);
  }
}

int takeScreenshot(MainWindow& window, const QString& file) {
  window.show();
  QElapsedTimer timer;
  timer.start();
  while (!window.windowHandle()->isExposed() && timer.elapsed() < 10000) {
    QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
  }
  settle(500);
  const QImage image = window.grabScreenshot();
  QImageWriter writer(file);
  if (image.isNull() || !writer.write(image)) {
    std::fprintf(stderr, "anomadiff: cannot write screenshot %s: %s\n", qPrintable(file),
                 qPrintable(writer.errorString()));
    return 1;
  }
  return 0;
}

int run(int argc, char** argv) {
  QCoreApplication::setApplicationName(QString::fromUtf8(anomadiff::kApplicationName));
  QCoreApplication::setApplicationVersion(QString::fromUtf8(anomadiff::kVersion));

  // Parse before QApplication exists: --help and --version then work without a display.
  QStringList arguments;
  for (int i = 0; i < argc; ++i) {
    arguments << QString::fromLocal8Bit(argv[i]);
  }
  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral(
      "Anomaly localization in brain MRI with diffusion models (research use only)."));
  const QCommandLineOption helpOption = parser.addHelpOption();
  const QCommandLineOption versionOption = parser.addVersionOption();
  parser.addPositionalArgument(
      QStringLiteral("image"),
      QStringLiteral("Image to open (NIfTI, MHA, NRRD, PNG or a DICOM folder); default: the "
                     "bundled example."),
      QStringLiteral("[image]"));
  const QCommandLineOption screenshotOption(
      QStringLiteral("screenshot"),
      QStringLiteral("Open the image, save a PNG of the window to <file> and exit."),
      QStringLiteral("file"));
  parser.addOption(screenshotOption);
  // parse(), not process(): without a QCoreApplication, process() cannot name the executable.
  if (!parser.parse(arguments)) {
    std::fprintf(stderr, "anomadiff: %s\n", qPrintable(parser.errorText()));
    return 2;
  }
  if (parser.isSet(helpOption) || parser.isSet(QStringLiteral("help-all"))) {
    QString help = parser.helpText();
    help.replace(QStringLiteral("<executable_name>"), QFileInfo(arguments.first()).fileName());
    std::fputs(qPrintable(help), stdout);
    return 0;
  }
  if (parser.isSet(versionOption)) {
    std::printf("%s %s\n", anomadiff::kApplicationName, anomadiff::kVersion);
    return 0;
  }

  const QString screenshotFile = parser.value(screenshotOption);
  const QStringList positional = parser.positionalArguments();
  if (positional.size() > 1) {
    std::fprintf(stderr, "anomadiff: expected at most one image, got %lld\n",
                 static_cast<long long>(positional.size()));
    return 2;
  }

  // Platform, GL sharing and surface format must be set before QApplication (DESIGN.md §7).
  anomadiff::gui::VtkOpenGLWidget::prepareApplication();
  QApplication app(argc, argv);

  MainWindow window;
  const bool headless = !screenshotFile.isEmpty();
  // Screenshot mode must not wait on a dialog; errors go to stderr and the exit status instead.
  window.setErrorDialogsEnabled(!headless);

  QString imagePath = positional.isEmpty() ? QString() : positional.first();
  if (imagePath.isEmpty() && QFileInfo::exists(bundledExamplePath())) {
    imagePath = bundledExamplePath();
  }
  if (!imagePath.isEmpty() && !window.openImage(imagePath) && headless) {
    std::fprintf(stderr, "anomadiff: %s\n", qPrintable(window.lastError()));
    return 1;
  }

  if (headless) {
    return takeScreenshot(window, screenshotFile);
  }
  window.show();
  return QApplication::exec();
}

}  // namespace

int main(int argc, char** argv) {
  // The only catch-all: anything that escapes the GUI is reported instead of aborting silently.
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "anomadiff: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "anomadiff: unknown error\n");
  }
  return 1;
}
