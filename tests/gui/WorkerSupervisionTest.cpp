// Issue 17, point 4: the GUI supervises its worker (WorkerClient) so that nothing the worker
// does takes the window down or loses the reader's work. Against the fake worker
// (tests/support/fake_worker), which can refuse to start (--fail-while-exists) and hang
// (method "hang"): a missing program is one clear message with its path; a crash loop stops
// after three quick failures and Retry starts it again; the watchdog restarts a worker that no
// longer answers (and leaves a healthy idle one alone); a job killed with its worker keeps its
// parameters and runs again with one click, while the reader's edits stay where they were.
#include "ExampleImage.h"
#include "findings/FindingsModel.h"
#include "findings/SessionAutosaver.h"
#include "panels/ParameterPanel.h"
#include "render/VtkOpenGLWidget.h"
#include "window/AnalysisWorkflow.h"
#include "window/EngineStatus.h"
#include "window/LocalizationController.h"
#include "window/MainWindow.h"
#include "worker/RestartPolicy.h"
#include "worker/WorkerClient.h"

#include <QFile>
#include <QSignalSpy>
#include <QToolButton>
#include <QtTest>

#include <algorithm>
#include <csignal>
#include <filesystem>

using namespace anomadiff;
using namespace anomadiff::gui;

namespace {

const QString kExample = test::exampleImage();

/// A sanitizer build starts and runs the fake worker several times slower (tools/test
/// --sanitize sets ANOMADIFF_TEST_TIME_SCALE): every timeout and wait here is scaled by it.
int scaled(int milliseconds) {
  static const int scale = std::max(1, qEnvironmentVariableIntValue("ANOMADIFF_TEST_TIME_SCALE"));
  return milliseconds * scale;
}

/// Short times, so a hang is noticed in about a second.
WorkerSupervision quickSupervision() {
  WorkerSupervision supervision;
  supervision.heartbeatMs = 100;
  supervision.answerTimeoutMs = scaled(1500);
  supervision.restartDelayMs = 50;
  return supervision;
}

protocol::LocalizeCommand fakeJob(const QString& folder, const QString& method,
                                  std::map<std::string, double> parameters) {
  protocol::LocalizeCommand job;
  job.input = kExample.toStdString();
  job.outputDir = folder.toStdString();
  job.method = method.toStdString();
  job.parameters = std::move(parameters);
  return job;
}

}  // namespace

class WorkerSupervisionTest : public QObject {
  Q_OBJECT

  QTemporaryDir m_data;

 public:
  static void initMain() { VtkOpenGLWidget::prepareApplication(); }

 private Q_SLOTS:
  void restartsWaitLongerAndStopAfterThreeQuickFailures() {
    WorkerSupervision supervision;  // 10 s counts as quick, 500 ms first wait
    RestartPolicy policy(supervision);
    policy.started(0);
    QCOMPARE(policy.afterExit(60000).value_or(-1), 500);  // ran a minute: not quick
    policy.started(60000);
    QCOMPARE(policy.afterExit(61000).value_or(-1), 500);
    policy.started(61500);
    QCOMPARE(policy.afterExit(62000).value_or(-1), 1000);
    policy.started(63000);
    QVERIFY(!policy.afterExit(63100).has_value());
    policy.reset();
    policy.started(70000);
    QCOMPARE(policy.afterExit(70100).value_or(-1), 500);
  }

  void aMissingProgramIsOneMessageWithItsPath() {
    const QString program = m_data.filePath("no-such-folder/anomadiff-cli");
    WorkerClient client(program, {});
    QSignalSpy unavailable(&client, &WorkerClient::unavailable);
    QSignalSpy crashed(&client, &WorkerClient::workerCrashed);
    QSignalSpy failed(&client, &WorkerClient::failed);
    client.start();
    QVERIFY(unavailable.wait(scaled(10000)));
    const QString message = unavailable.first().at(0).toString();
    QVERIFY2(message.contains(program) && message.contains("does not exist"), qPrintable(message));
    QCOMPARE(client.state(), WorkerClient::State::Unavailable);
    // A job asked for now fails at once instead of waiting forever.
    const QString id = client.localize(fakeJob(m_data.filePath("never"), "intensity", {}));
    QVERIFY(failed.wait(scaled(5000)));
    QCOMPARE(failed.first().at(0).toString(), id);
    QTest::qWait(300);
    QCOMPARE(unavailable.count(), 1);  // no restart loop
    QVERIFY(crashed.isEmpty());
  }

  void aCrashLoopStopsAfterThreeQuickFailuresAndRetryStartsAgain() {
    const QString flag = m_data.filePath("refuse-to-start");
    QFile(flag).open(QIODevice::WriteOnly);
    WorkerClient client(ANOMADIFF_FAKE_WORKER, {"--fail-while-exists", flag});
    client.setSupervision(quickSupervision());
    QSignalSpy unavailable(&client, &WorkerClient::unavailable);
    QSignalSpy crashed(&client, &WorkerClient::workerCrashed);
    QSignalSpy ready(&client, &WorkerClient::ready);
    client.start();
    QVERIFY(unavailable.wait(scaled(20000)));
    QCOMPARE(crashed.count(), 2);  // restarted twice, then given up
    const QString message = unavailable.first().at(0).toString();
    QVERIFY2(message.contains("3 times") && message.contains("status 3") &&
                 message.contains("cannot start while"),
             qPrintable(message));
    QTest::qWait(500);
    QCOMPARE(crashed.count(), 2);
    QCOMPARE(client.state(), WorkerClient::State::Unavailable);

    QVERIFY(QFile::remove(flag));
    client.retry();
    QVERIFY(ready.wait(scaled(20000)));
    QCOMPARE(client.state(), WorkerClient::State::Ready);
  }

  void theWatchdogRestartsAHungWorkerAndSparesAnIdleOne() {
    WorkerClient client(ANOMADIFF_FAKE_WORKER, {});
    client.setSupervision(quickSupervision());
    QSignalSpy ready(&client, &WorkerClient::ready);
    QSignalSpy crashed(&client, &WorkerClient::workerCrashed);
    QSignalSpy interrupted(&client, &WorkerClient::jobInterrupted);
    client.start();
    QVERIFY(ready.wait(scaled(20000)));
    // Idle for twice the answer timeout: pings are answered, nothing is restarted.
    QTest::qWait(2 * quickSupervision().answerTimeoutMs);
    QVERIFY(crashed.isEmpty());
    const qint64 before = client.processId();

    const QString id = client.localize(fakeJob(m_data.filePath("hang"), "hang", {{"steps", 7}}));
    QVERIFY(crashed.wait(scaled(10000)));
    QVERIFY2(crashed.first().at(0).toString().contains("stopped answering"),
             qPrintable(crashed.first().at(0).toString()));
    QCOMPARE(interrupted.count(), 1);
    QCOMPARE(interrupted.first().at(0).toString(), id);
    const auto request = interrupted.first().at(1).value<protocol::LocalizeCommand>();
    QCOMPARE(request.parameters.at("steps"), 7.0);
    QVERIFY(ready.wait(scaled(20000)));
    QVERIFY(client.processId() != before);
    QCOMPARE(client.state(), WorkerClient::State::Ready);
  }

  void aJobKilledWithItsWorkerRunsAgainWithOneClickAndEditsStay() {
    MainWindow window;
    window.setErrorDialogsEnabled(false);
    window.show();
    QVERIFY(window.openImage(kExample));
    WorkerSettings settings;
    settings.program = ANOMADIFF_FAKE_WORKER;
    settings.threads = 2;
    settings.runsFolder = m_data.filePath("runs");
    settings.autosavePath = m_data.filePath("autosave.json");
    window.startAnalysis(settings);
    AnalysisWorkflow* analysis = window.analysis();
    QSignalSpy ready(analysis, &AnalysisWorkflow::ready);
    QVERIFY(ready.wait(scaled(20000)));

    // A result, reviewed by the reader.
    QSignalSpy shown(analysis, &AnalysisWorkflow::resultShown);
    QVERIFY(window.parameterPanel()->setMethod("intensity"));
    analysis->run();
    QVERIFY(shown.wait(scaled(20000)));
    FindingsModel* findings = window.findingsModel();
    QVERIFY(findings->count() >= 1);
    findings->setReview(0, "accepted");
    const int count = findings->count();

    // A job of about two seconds, killed with its worker after its first progress.
    ParameterPanel* panel = window.parameterPanel();
    QVERIFY(panel->setMethod("ddpm"));
    QVERIFY(panel->setParameter("noise-level", 321));
    QVERIFY(panel->setParameter("steps", 100));
    QVERIFY(panel->setParameter("ensemble", 2));
    QSignalSpy progress(analysis->controller(), &LocalizationController::jobProgress);
    QSignalSpy interrupted(analysis, &AnalysisWorkflow::jobInterrupted);
    analysis->run();
    QVERIFY(progress.wait(scaled(20000)));
    ::kill(static_cast<pid_t>(analysis->worker()->processId()), SIGKILL);
    QVERIFY(interrupted.wait(scaled(20000)));
    QVERIFY(ready.wait(scaled(20000)));  // restarted

    // The shown result and its review are untouched, in the window and in the autosave.
    QCOMPARE(findings->count(), count);
    QCOMPARE(QString::fromStdString(findings->finding(0).review), QString("accepted"));
    analysis->autosaver()->flush();
    const auto saved =
        SessionAutosaver::recover(QFile::encodeName(settings.autosavePath).toStdString());
    QVERIFY(saved.has_value());
    QCOMPARE(QString::fromStdString(saved->findings.boxes.front().review), QString("accepted"));

    // One click runs the lost job again, with its parameters, even after the panel changed.
    QVERIFY(panel->setParameter("noise-level", 50));
    QToolButton* rerun = window.engineStatus()->rerunButton();
    QVERIFY(rerun->isVisible());
    QTest::mouseClick(rerun, Qt::LeftButton);
    QVERIFY(shown.wait(scaled(20000)));
    const auto& used = analysis->result()->findings.provenance.parameters;
    QCOMPARE(used.at("noise-level"), 321.0);
    QCOMPARE(used.at("steps"), 100.0);
    QVERIFY(!rerun->isVisible());
  }

  void theWindowShowsAnUnavailableEngineWithRetry() {
    MainWindow window;
    window.setErrorDialogsEnabled(false);
    window.show();
    WorkerSettings settings;
    settings.program = m_data.filePath("missing/anomadiff-cli");
    settings.runsFolder = m_data.filePath("runs-missing");
    QSignalSpy errors(&window, &MainWindow::errorShown);
    window.startAnalysis(settings);
    QVERIFY(errors.wait(scaled(10000)));
    QVERIFY(errors.first().at(0).toString().contains(settings.program));
    QCOMPARE(window.engineStatus()->text(), QString("Engine: unavailable"));
    QVERIFY(window.engineStatus()->retryButton()->isVisible());
    QVERIFY(!window.analysis()->isReady());
  }
};

QTEST_MAIN(WorkerSupervisionTest)
#include "WorkerSupervisionTest.moc"
