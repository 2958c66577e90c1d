// anomadiff: the desktop application. Links Qt6 and VTK only; the diffusion engine (LibTorch)
// runs in the `anomadiff-cli worker` process (docs/ARCHITECTURE.md §3).

#include "common/Version.h"
#include "findings/FindingsModel.h"
#include "findings/SessionAutosaver.h"
#include "findings/SessionFile.h"
#include "render/VtkOpenGLWidget.h"
#include "window/AnalysisWorkflow.h"
#include "window/MainWindow.h"
#include "window/WorkerSettings.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QImageWriter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStringList>
#include <QTemporaryDir>
#include <QThread>
#include <QWindow>

#include <cstdio>
#include <exception>
#include <optional>

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

// Waits until `condition` holds, for up to `ms`.
template <typename Condition>
bool waitFor(Condition condition, int ms) {
  QElapsedTimer timer;
  timer.start();
  while (!condition() && timer.elapsed() < ms) {
    QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
  }
  return condition();
}

// The worker beside this executable, with one LibTorch thread per core.
anomadiff::gui::WorkerSettings workerSettings(const QString& dataFolder) {
  anomadiff::gui::WorkerSettings settings;
  settings.program =
      QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("anomadiff-cli"));
  settings.threads = QThread::idealThreadCount();
  settings.arguments = {QStringLiteral("--threads"), QString::number(settings.threads)};
  settings.runsFolder = QDir(dataFolder).filePath(QStringLiteral("runs"));
  settings.autosavePath = QDir(dataFolder).filePath(QStringLiteral("autosave-session.json"));
  return settings;
}

// Runs the selected method once and waits for its result (screenshot mode).
bool runAndWait(MainWindow& window) {
  auto* analysis = window.analysis();
  if (!waitFor([analysis] { return analysis->isReady(); }, 60000)) {
    std::fprintf(stderr, "anomadiff: the worker did not start\n");
    return false;
  }
  bool shown = false;
  QString failure;
  QObject::connect(analysis, &anomadiff::gui::AnalysisWorkflow::resultShown,
                   [&shown] { shown = true; });
  QObject::connect(analysis, &anomadiff::gui::AnalysisWorkflow::failed,
                   [&failure](const QString& message) { failure = message; });
  analysis->run();
  if (!waitFor([&] { return shown || !failure.isEmpty(); }, 600000) || !shown) {
    std::fprintf(stderr, "anomadiff: the localization failed: %s\n",
                 failure.isEmpty() ? "timeout" : qPrintable(failure));
    return false;
  }
  if (window.findingsModel()->count() > 0) analysis->navigateTo(0);
  return true;
}

int takeScreenshot(MainWindow& window, const QString& file, bool run) {
  window.show();
  waitFor([&window] { return window.windowHandle()->isExposed(); }, 10000);
  if (run && !runAndWait(window)) return 1;
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

// A session — one the last run left behind (it did not end cleanly), or a session file given
// on the command line: its image, result and edits come back, and the reader is told.
void restoreSession(MainWindow& window, const anomadiff::gui::Session& session,
                    const QString& told) {
  const QString image = QString::fromStdString(session.imagePath);
  if (!QFileInfo::exists(image) || !window.openImage(image)) return;
  auto* analysis = window.analysis();
  QObject::connect(
      analysis, &anomadiff::gui::AnalysisWorkflow::ready, analysis,
      [&window, analysis, session, told] {
        try {
          analysis->restore(session);
          window.statusBar()->showMessage(told, 10000);
        } catch (const std::exception& error) {
          window.reportError(QObject::tr("The last session could not be restored: %1")
                                 .arg(QString::fromUtf8(error.what())));
        }
      },
      Qt::SingleShotConnection);
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
      QStringLiteral("Image to open (NIfTI, MHA, NRRD, PNG or a DICOM folder) or a review "
                     "session (*.anomadiff.json); default: the bundled example."),
      QStringLiteral("[image]"));
  const QCommandLineOption screenshotOption(
      QStringLiteral("screenshot"),
      QStringLiteral("Open the image, save a PNG of the window to <file> and exit."),
      QStringLiteral("file"));
  parser.addOption(screenshotOption);
  const QCommandLineOption runOption(
      QStringLiteral("run"),
      QStringLiteral("Run the default localization on the image at start (with --screenshot: "
                     "wait for its result before the picture)."));
  parser.addOption(runOption);
  const QCommandLineOption sizeOption(
      QStringLiteral("size"), QStringLiteral("Window size, WIDTHxHEIGHT."), QStringLiteral("size"));
  parser.addOption(sizeOption);
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

  // Platform, GL sharing and surface format must be set before QApplication (docs/ARCHITECTURE.md
  // §2).
  anomadiff::gui::VtkOpenGLWidget::prepareApplication();
  QApplication app(argc, argv);

  MainWindow window;
  window.setExamplePath(bundledExamplePath());
  const bool headless = !screenshotFile.isEmpty();
  // Screenshot mode must not wait on a dialog; errors go to stderr and the exit status instead.
  window.setErrorDialogsEnabled(!headless);

  QString imagePath = positional.isEmpty() ? QString() : positional.first();
  // A session file (what the desktop opens for *.anomadiff.json) brings its image with it.
  std::optional<anomadiff::gui::Session> session;
  if (imagePath.endsWith(QStringLiteral(".anomadiff.json"))) {
    try {
      session = anomadiff::gui::SessionFile().read(QFile::encodeName(imagePath).toStdString());
    } catch (const std::exception& error) {
      std::fprintf(stderr, "anomadiff: %s\n", error.what());
      return 1;
    }
    imagePath = QString::fromStdString(session->imagePath);
  }
  if (imagePath.isEmpty() && QFileInfo::exists(bundledExamplePath())) {
    imagePath = bundledExamplePath();
  }
  if (!imagePath.isEmpty() && !window.openImage(imagePath) && headless) {
    std::fprintf(stderr, "anomadiff: %s\n", qPrintable(window.lastError()));
    return 1;
  }

  if (parser.isSet(sizeOption)) {
    const QStringList parts = parser.value(sizeOption).split(QLatin1Char('x'));
    if (parts.size() == 2) window.resize(parts[0].toInt(), parts[1].toInt());
  }
  // Screenshots must not touch the reader's runs or autosaved session.
  QTemporaryDir scratch;
  const QString dataFolder =
      headless ? scratch.path()
               : QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
  const auto settings = workerSettings(dataFolder);
  const auto recovered = headless ? std::nullopt
                                  : anomadiff::gui::SessionAutosaver::recover(
                                        QFile::encodeName(settings.autosavePath).toStdString());
  window.startAnalysis(settings);
  if (headless) {
    return takeScreenshot(window, screenshotFile, parser.isSet(runOption));
  }
  // An explicit image wins over the recovered session (which stays in its run folder).
  if (session) {
    restoreSession(window, *session, QObject::tr("Opened the session %1").arg(positional.first()));
  } else if (recovered && positional.isEmpty()) {
    restoreSession(window, *recovered,
                   QObject::tr("Restored your unsaved review from the last session"));
  }
  if (parser.isSet(runOption)) {
    QObject::connect(window.analysis(), &anomadiff::gui::AnalysisWorkflow::ready, window.analysis(),
                     &anomadiff::gui::AnalysisWorkflow::run, Qt::SingleShotConnection);
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
