// The GUI's worker client against the real `anomadiff-cli worker`: events arrive as signals, a
// killed worker is reported and restarted, and the next job runs (issue 6: "kill the worker
// mid-run → an error is shown, the next run works").
#include "WorkerThreads.h"
#include "worker/WorkerClient.h"

#include <QSignalSpy>
#include <QtTest>

#include <csignal>
#include <filesystem>

using namespace anomadiff;

namespace {

const QString kExample = QString::fromStdString(
    (std::filesystem::path(ANOMADIFF_BINARY_DIR) / "share/anomadiff/examples/example.nii.gz")
        .string());

}  // namespace

class WorkerClientTest : public QObject {
  Q_OBJECT

  QTemporaryDir m_folder;

  protocol::LocalizeCommand request(const std::string& method, const QString& output,
                                    std::map<std::string, double> parameters = {}) const {
    protocol::LocalizeCommand command;
    command.input = kExample.toStdString();
    command.outputDir = m_folder.filePath(output).toStdString();
    command.method = method;
    command.parameters = std::move(parameters);
    return command;
  }

 private Q_SLOTS:
  void runsAJobAndSurvivesAKilledWorker() {
    gui::WorkerClient client(ANOMADIFF_CLI, {"--threads", test::workerThreads()});
    QSignalSpy ready(&client, &gui::WorkerClient::ready);
    QSignalSpy progress(&client, &gui::WorkerClient::progress);
    QSignalSpy finished(&client, &gui::WorkerClient::finished);
    QSignalSpy crashed(&client, &gui::WorkerClient::workerCrashed);
    client.start();
    QVERIFY(ready.wait(30000));

    const QString first = client.localize(request("ddpm", "first", {{"steps", 5}}));
    QVERIFY(finished.wait(120000));
    QCOMPARE(finished.last().at(0).toString(), first);
    QVERIFY(!progress.isEmpty());
    QVERIFY(QFile::exists(m_folder.filePath("first/boxes.json")));

    // A long job, killed from outside once it reports progress.
    progress.clear();
    client.localize(
        request("ddpm", "killed", {{"noise-level", 500}, {"steps", 400}, {"ensemble", 8}}));
    QVERIFY(progress.wait(60000));
    QVERIFY(client.processId() > 0);
    ::kill(static_cast<pid_t>(client.processId()), SIGKILL);
    QVERIFY(crashed.wait(30000));
    QVERIFY(crashed.last().at(0).toString().contains("restarted"));
    QVERIFY(ready.wait(30000));  // the new worker says hello
    QVERIFY(!QFile::exists(m_folder.filePath("killed/boxes.json")));

    const QString next = client.localize(request("intensity", "next"));
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.last().at(0).toString(), next);
    QCOMPARE(finished.last().at(1).value<protocol::LocalizeResultEvent>().method,
             std::string("intensity"));
  }

  void errorsArriveAsFailedSignals() {
    gui::WorkerClient client(ANOMADIFF_CLI, {"--threads", test::workerThreads()});
    QSignalSpy ready(&client, &gui::WorkerClient::ready);
    QSignalSpy failed(&client, &gui::WorkerClient::failed);
    client.start();
    QVERIFY(ready.wait(30000));
    const QString id = client.localize(request("ddpm", "bad", {{"noise-level", 5000}}));
    QVERIFY(failed.wait(60000));
    QCOMPARE(failed.last().at(0).toString(), id);
    QVERIFY(failed.last().at(1).toString().contains("noise-level"));
  }
};

QTEST_GUILESS_MAIN(WorkerClientTest)
#include "WorkerClientTest.moc"
