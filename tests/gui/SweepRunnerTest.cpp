// SweepRunner against the fake worker (tests/support/fake_worker, the protocol without the engine):
// cells run one after another in row-major order and come back as thumbnails; an impossible value
// fails only its cell; cancel() stops the sweep; a newer sweep replaces a running one; a killed
// worker fails the running cell and the sweep goes on.
#include "ExampleImage.h"
#include "common/Error.h"
#include "sweep/SweepRunner.h"

#include <QDir>
#include <QSignalSpy>
#include <QtTest>

#include <csignal>
#include <filesystem>

using namespace anomadiff;
using namespace anomadiff::gui;

namespace {

const QString kExample = test::exampleImage();

constexpr int kCellTimeoutMs = 120000;

// ddpm has no guidance scale: one column, and no scale in the requests.
SweepRequest tinyDdpmSweep(std::vector<int> levels) {
  SweepRequest request;
  request.input = kExample;
  request.method = QStringLiteral("ddpm");
  request.baseParameters = {{"steps", 2}, {"ensemble", 1}};
  request.levels = std::move(levels);
  request.scales = {0.0};
  request.scaleParameter.clear();
  return request;
}

// Minutes of work per cell unless cancelled or superseded.
SweepRequest longDdpmSweep() {
  SweepRequest request = tinyDdpmSweep({500, 600, 700});
  request.baseParameters = {{"steps", 400}, {"ensemble", 8}};
  return request;
}

std::pair<int, int> cellOf(const QList<QVariant>& signal) {
  return {signal.at(0).toInt(), signal.at(1).toInt()};
}

}  // namespace

class SweepRunnerTest : public QObject {
  Q_OBJECT

  QTemporaryDir m_runs;
  std::unique_ptr<SweepRunner> m_runner;

 private Q_SLOTS:
  void init() {
    m_runner = std::make_unique<SweepRunner>(ANOMADIFF_FAKE_WORKER, QStringList{"--threads", "2"},
                                             m_runs.path());
  }

  void cleanup() { m_runner.reset(); }

  void cellsRunInRowMajorOrderAndBecomeThumbnails() {
    QSignalSpy started(m_runner.get(), &SweepRunner::cellStarted);
    QSignalSpy done(m_runner.get(), &SweepRunner::cellFinished);
    QSignalSpy failed(m_runner.get(), &SweepRunner::cellFailed);
    QSignalSpy progress(m_runner.get(), &SweepRunner::progress);
    QSignalSpy finished(m_runner.get(), &SweepRunner::finished);

    m_runner->start(tinyDdpmSweep({50, 100}));
    QVERIFY(m_runner->isRunning());
    QVERIFY(finished.wait(2 * kCellTimeoutMs));
    QTest::qWait(200);  // nothing more may follow

    QCOMPARE(finished.count(), 1);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().at(2).toString()));
    QCOMPARE(started.count(), 2);
    QCOMPARE(cellOf(started.at(0)), std::pair(0, 0));
    QCOMPARE(cellOf(started.at(1)), std::pair(1, 0));
    QCOMPARE(done.count(), 2);
    for (int cell = 0; cell < 2; ++cell) {
      QCOMPARE(cellOf(done.at(cell)), std::pair(cell, 0));
      const auto thumbnail = done.at(cell).at(2).value<QImage>();
      QVERIFY(!thumbnail.isNull());
      QCOMPARE(std::max(thumbnail.width(), thumbnail.height()), 128);
      QVERIFY(done.at(cell).at(3).toDouble() >= 0.0);
      QVERIFY(done.at(cell).at(4).toInt() >= 0);
      QVERIFY(QDir(m_runner->cellFolder(cell, 0)).exists(QStringLiteral("boxes.json")));
    }
    QCOMPARE(progress.last().at(0).toInt(), 2);
    QCOMPARE(progress.last().at(1).toInt(), 2);
    QVERIFY(!m_runner->isRunning());
  }

  void anImpossibleLevelFailsOnlyItsCell() {
    QSignalSpy done(m_runner.get(), &SweepRunner::cellFinished);
    QSignalSpy failed(m_runner.get(), &SweepRunner::cellFailed);
    QSignalSpy finished(m_runner.get(), &SweepRunner::finished);

    m_runner->start(tinyDdpmSweep({50, 5000, 100}));
    QVERIFY(finished.wait(3 * kCellTimeoutMs));

    QCOMPARE(failed.count(), 1);
    QCOMPARE(cellOf(failed.first()), std::pair(1, 0));
    QVERIFY2(failed.first().at(2).toString().contains("noise-level"),
             qPrintable(failed.first().at(2).toString()));
    QCOMPARE(done.count(), 2);
    QCOMPARE(cellOf(done.at(0)), std::pair(0, 0));
    QCOMPARE(cellOf(done.at(1)), std::pair(2, 0));
    QCOMPARE(finished.count(), 1);
    QVERIFY(m_runner->cellFolder(1, 0).isEmpty());
  }

  void cancelStopsAfterTheRunningCell() {
    QSignalSpy started(m_runner.get(), &SweepRunner::cellStarted);
    QSignalSpy cellProgress(m_runner.get(), &SweepRunner::cellProgress);
    QSignalSpy cancelled(m_runner.get(), &SweepRunner::cancelled);
    QSignalSpy done(m_runner.get(), &SweepRunner::cellFinished);
    QSignalSpy finished(m_runner.get(), &SweepRunner::finished);

    m_runner->start(longDdpmSweep());
    QVERIFY(cellProgress.wait(kCellTimeoutMs));
    m_runner->cancel();
    QCOMPARE(cancelled.count(), 1);
    QVERIFY(!m_runner->isRunning());
    QTest::qWait(3000);  // long enough for a next cell to have started
    QCOMPARE(started.count(), 1);
    QVERIFY(done.isEmpty());
    QVERIFY(finished.isEmpty());

    // The worker is free again: a new sweep runs to its end.
    m_runner->start(tinyDdpmSweep({50}));
    QVERIFY(finished.wait(kCellTimeoutMs));
    QCOMPARE(done.count(), 1);
  }

  void aNewerSweepReplacesTheRunningOne() {
    QSignalSpy cellProgress(m_runner.get(), &SweepRunner::cellProgress);
    QSignalSpy done(m_runner.get(), &SweepRunner::cellFinished);
    QSignalSpy failed(m_runner.get(), &SweepRunner::cellFailed);
    QSignalSpy finished(m_runner.get(), &SweepRunner::finished);

    m_runner->start(longDdpmSweep());
    QVERIFY(cellProgress.wait(kCellTimeoutMs));
    m_runner->start(tinyDdpmSweep({60}));
    QVERIFY(finished.wait(kCellTimeoutMs));
    QTest::qWait(200);

    QCOMPARE(finished.count(), 1);
    QVERIFY(failed.isEmpty());  // the superseded cell's cancellation is not a failure
    QCOMPARE(done.count(), 1);
    QCOMPARE(m_runner->request().levels, std::vector<int>{60});
  }

  void aKilledWorkerFailsTheRunningCellAndTheSweepGoesOn() {
    QSignalSpy cellProgress(m_runner.get(), &SweepRunner::cellProgress);
    QSignalSpy done(m_runner.get(), &SweepRunner::cellFinished);
    QSignalSpy failed(m_runner.get(), &SweepRunner::cellFailed);
    QSignalSpy finished(m_runner.get(), &SweepRunner::finished);

    // Only the first cell is long: K must not exceed L + 1, so the second is tiny.
    SweepRequest request = tinyDdpmSweep({500, 50});
    request.baseParameters = {{"steps", 40}, {"ensemble", 8}};
    m_runner->start(request);
    QVERIFY(cellProgress.wait(kCellTimeoutMs));
    QCOMPARE(cellOf(cellProgress.first()), std::pair(0, 0));
    ::kill(static_cast<pid_t>(m_runner->workerProcessId()), SIGKILL);
    QVERIFY(finished.wait(2 * kCellTimeoutMs));

    QCOMPARE(failed.count(), 1);
    QCOMPARE(cellOf(failed.first()), std::pair(0, 0));
    QVERIFY(failed.first().at(2).toString().contains("restarted"));
    QCOMPARE(done.count(), 1);
    QCOMPARE(cellOf(done.first()), std::pair(1, 0));
  }

  void requestsThatCannotMakeASweepAreRefused() {
    SweepRequest noLevels = tinyDdpmSweep({});
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, m_runner->start(noLevels));
    SweepRequest scalesWithoutParameter = tinyDdpmSweep({50});
    scalesWithoutParameter.scales = {0.0, 1.0};
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, m_runner->start(scalesWithoutParameter));
    SweepRequest noInput = tinyDdpmSweep({50});
    noInput.input.clear();
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, m_runner->start(noInput));
    QVERIFY(!m_runner->isRunning());
  }
};

QTEST_MAIN(SweepRunnerTest)
#include "SweepRunnerTest.moc"
