// The window's localization controller against the fake worker (tests/support/fake_worker: the
// same protocol codec, no engine; WorkerClientTest and MainWindowAnalysisTest keep the real
// worker): a job's result folder comes back
// as maps on the input grid plus findings; a newer job supersedes a running one (only its result
// arrives); cancel ends a job; a killed worker fails the job with a message and the next job runs.
#include "ExampleImage.h"
#include "common/Error.h"
#include "window/LocalizationController.h"
#include "worker/WorkerClient.h"

#include <QSignalSpy>
#include <QtTest>

#include <csignal>
#include <filesystem>

using namespace anomadiff;
using namespace anomadiff::gui;

namespace {

const QString kExample = test::exampleImage();

// 32 s of fake work (steps x ensemble ticks of 10 ms) unless cancelled or superseded.
const QJsonObject kLongJob{{"noise-level", 500}, {"steps", 400}, {"ensemble", 8}};

}  // namespace

class LocalizationControllerTest : public QObject {
  Q_OBJECT

  QTemporaryDir m_runs;

 private Q_SLOTS:
  void runsSupersedesCancelsAndSurvivesACrash() {
    WorkerClient worker(ANOMADIFF_FAKE_WORKER, {"--threads", "2"});
    QSignalSpy ready(&worker, &WorkerClient::ready);
    worker.start();
    QVERIFY(ready.wait(30000));
    LocalizationController controller(&worker, m_runs.path());
    QSignalSpy results(&controller, &LocalizationController::resultReady);
    QSignalSpy progress(&controller, &LocalizationController::jobProgress);
    QSignalSpy cancelled(&controller, &LocalizationController::jobCancelled);
    QSignalSpy failed(&controller, &LocalizationController::jobFailed);

    // A long job superseded by a quick one: only the quick one's result arrives.
    controller.run(kExample, "ddpm", kLongJob);
    QVERIFY(progress.wait(60000));
    const QString quick = controller.run(kExample, "intensity", {});
    QVERIFY(results.wait(60000));
    QCOMPARE(results.count(), 1);
    QVERIFY(!controller.isRunning());
    const auto result = results.first().at(0).value<LocalizationResult>();
    QCOMPARE(quick, QString("2"));  // the second request of this client
    QCOMPARE(results.first().at(1).value<protocol::LocalizeResultEvent>().method,
             std::string("intensity"));
    QCOMPARE(result.anomalyMap->geometry().size, result.pseudoHealthy->geometry().size);
    QCOMPARE(result.mask->geometry().size, result.varianceMap->geometry().size);
    QVERIFY(result.findings.threshold > 0.0);
    QVERIFY(!result.findings.provenance.appVersion.empty());
    QVERIFY(result.folder.startsWith(m_runs.path()));
    QVERIFY(cancelled.isEmpty());  // the superseded job's cancellation is not ours to report
    QVERIFY(failed.isEmpty());

    // Cancel.
    progress.clear();
    controller.run(kExample, "ddpm", kLongJob);
    QVERIFY(progress.wait(60000));
    controller.cancel();
    QVERIFY(cancelled.wait(30000));
    QVERIFY(!controller.isRunning());

    // A killed worker fails the running job with a message; the next job works.
    progress.clear();
    controller.run(kExample, "ddpm", kLongJob);
    QVERIFY(progress.wait(60000));
    ::kill(static_cast<pid_t>(worker.processId()), SIGKILL);
    QVERIFY(failed.wait(30000));
    QVERIFY(failed.last().at(0).toString().contains("restarted"));
    QVERIFY(ready.wait(30000));
    controller.run(kExample, "intensity", {});
    QVERIFY(results.wait(60000));
    QCOMPARE(results.count(), 2);
  }

  void anUnreadableResultIsAFailureNotACrash() {
    QTemporaryDir empty;
    QVERIFY_THROWS_EXCEPTION(Error, LocalizationResult::load(empty.path()));
  }
};

QTEST_MAIN(LocalizationControllerTest)
#include "LocalizationControllerTest.moc"
