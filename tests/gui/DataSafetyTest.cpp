// Issue 17, point 5: nothing the reader needs is lost or overwritten. Old run folders are pruned
// (newest 20 kept) but never one that a saved or autosaved session still refers to; a saved
// session still shows its result after many more runs; the input image is never written — not
// by a run, an export or a session saved onto its path. Against the fake worker.
#include "ExampleImage.h"
#include "common/Error.h"
#include "findings/RunFolders.h"
#include "findings/Session.h"
#include "findings/SessionFile.h"
#include "panels/ParameterPanel.h"
#include "render/VtkOpenGLWidget.h"
#include "window/AnalysisWorkflow.h"
#include "window/LocalizationController.h"
#include "window/MainWindow.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QtTest>

#include <filesystem>

using namespace anomadiff;
using namespace anomadiff::gui;

namespace {

const QString kExample = test::exampleImage();

std::filesystem::path pathOf(const QString& text) {
  return std::filesystem::path(QFile::encodeName(text).toStdString());
}

void writeSession(const QString& path, const QString& resultFolder) {
  Session session;
  session.imagePath = kExample.toStdString();
  session.resultFolder = resultFolder.toStdString();
  session.method = "intensity";
  SessionFile().write(session, pathOf(path));
}

QByteArray sha256Of(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) return {};
  return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

}  // namespace

class DataSafetyTest : public QObject {
  Q_OBJECT

  QTemporaryDir m_data;

  WorkerSettings settings(const QString& name) const {
    WorkerSettings settings;
    settings.program = ANOMADIFF_FAKE_WORKER;
    settings.threads = 2;
    settings.runsFolder = m_data.filePath(name + "-runs");
    settings.autosavePath = m_data.filePath(name + "-autosave.json");
    return settings;
  }

  /// A window on `input` with the fake worker, ready to run.
  std::unique_ptr<MainWindow> startWindow(const QString& input, const QString& name) {
    auto window = std::make_unique<MainWindow>();
    window->setErrorDialogsEnabled(false);
    window->show();
    if (!window->openImage(input)) return nullptr;
    window->startAnalysis(settings(name));
    QSignalSpy ready(window->analysis(), &AnalysisWorkflow::ready);
    if (!ready.wait(20000)) return nullptr;
    window->parameterPanel()->setMethod("intensity");
    return window;
  }

  static bool runOnce(MainWindow& window) {
    QSignalSpy shown(window.analysis(), &AnalysisWorkflow::resultShown);
    window.analysis()->run();
    return shown.wait(20000);
  }

 public:
  static void initMain() { VtkOpenGLWidget::prepareApplication(); }

 private Q_SLOTS:
  void pruningSparesFoldersASessionStillRefersTo() {
    const QString root = m_data.filePath("pins");
    QStringList folders;
    for (int i = 1; i <= 25; ++i) {
      folders << QDir(root).filePath(QStringLiteral("run-%1").arg(i, 2, 10, QChar('0')));
      QVERIFY(QDir().mkpath(folders.back()));
      QFile(QDir(folders.back()).filePath("anomaly_map.nii.gz")).open(QIODevice::WriteOnly);
    }
    const QString kept = m_data.filePath("kept.json");
    const QString moved = m_data.filePath("moved.json");
    const QString deleted = m_data.filePath("deleted.json");
    writeSession(kept, folders[0]);
    writeSession(moved, folders[1]);
    writeSession(deleted, folders[2]);
    RunFolders::pin(folders[0], kept);
    RunFolders::pin(folders[0], kept);  // idempotent
    RunFolders::pin(folders[1], moved);
    RunFolders::pin(folders[2], deleted);
    writeSession(moved, folders[9]);  // re-saved with another result: run-02 is free again
    QVERIFY(QFile::remove(deleted));
    QVERIFY(RunFolders::isPinned(folders[0]));
    QVERIFY(!RunFolders::isPinned(folders[1]));
    QVERIFY(!RunFolders::isPinned(folders[2]));

    const QStringList removed = RunFolders(root).prune(20);
    QCOMPARE(removed, (QStringList{folders[1], folders[2], folders[3], folders[4]}));
    QVERIFY(QFileInfo::exists(QDir(folders[0]).filePath("anomaly_map.nii.gz")));
    QCOMPARE(QDir(root).entryList({"run-*"}, QDir::Dirs).size(), 21);
  }

  void aSavedSessionStillShowsItsResultAfterManyRuns() {
    auto window = startWindow(kExample, "many");
    QVERIFY(window != nullptr);
    QVERIFY(runOnce(*window));
    const QString first = window->analysis()->result()->folder;
    const QString sessionPath = m_data.filePath("saved-session.json");
    window->analysis()->saveSession(sessionPath);
    for (int i = 0; i < LocalizationController::kKeptRuns + 2; ++i) QVERIFY(runOnce(*window));
    QVERIFY2(QFileInfo::exists(first), qPrintable(first));
    // Pruning runs before each job: the newest 20 before the last one, the last one, and the
    // pinned one (the autosave moved on with each result, so it pins none of the others).
    const QDir runs(window->analysis()->controller()->runsFolder());
    QCOMPARE(runs.entryList({"run-*"}, QDir::Dirs).size(), LocalizationController::kKeptRuns + 2);

    // A new window shows the saved session's maps.
    auto second = startWindow(kExample, "second");
    QVERIFY(second != nullptr);
    second->analysis()->restore(SessionFile().read(pathOf(sessionPath)));
    QVERIFY(second->analysis()->result() != nullptr);
    QCOMPARE(second->analysis()->result()->folder, first);
  }

  void theInputIsNeverWritten() {
    const QString input = m_data.filePath("reader-data/scan.nii.gz");
    QVERIFY(QDir().mkpath(QFileInfo(input).path()));
    QVERIFY(QFile::copy(kExample, input));
    const QByteArray hash = sha256Of(input);
    const QDateTime modified = QFileInfo(input).lastModified();

    auto window = startWindow(input, "input");
    QVERIFY(window != nullptr);
    QVERIFY(runOnce(*window));
    window->analysis()->exportTo(m_data.filePath("export"));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                             window->analysis()->exportTo(QFileInfo(input).path()));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, window->analysis()->saveSession(input));
    window->analysis()->saveSession(m_data.filePath("input-session.json"));
    window.reset();

    QCOMPARE(sha256Of(input), hash);
    QCOMPARE(QFileInfo(input).lastModified(), modified);
    QCOMPARE(QDir(QFileInfo(input).path()).entryList(QDir::Files), QStringList{"scan.nii.gz"});
  }
};

QTEST_MAIN(DataSafetyTest)
#include "DataSafetyTest.moc"
