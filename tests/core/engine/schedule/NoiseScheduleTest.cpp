#include "common/Error.h"
#include "engine/io/TorchRuntime.h"
#include "engine/schedule/NoiseSchedule.h"

#include <QtTest>

#include <cmath>

using anomadiff::InvalidArgument;
using anomadiff::engine::NoiseSchedule;
using anomadiff::engine::TorchRuntime;

class NoiseScheduleTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void linearAlphaBarMatchesReferenceValues_data() {
    QTest::addColumn<int>("t");
    QTest::addColumn<double>("expected");
    // Products of (1 - β_i), β linear 1e-4 → 0.02 over T = 1000, computed independently
    // (Python, double precision); ᾱ_999 ≈ 4.04e-5 is the DDPM paper's schedule end.
    QTest::newRow("t=0") << 0 << 0.9999;
    QTest::newRow("t=99") << 99 << 0.89701814567496;
    QTest::newRow("t=249") << 249 << 0.5240853738253606;
    QTest::newRow("t=499") << 499 << 0.07858724288177821;
    QTest::newRow("t=749") << 749 << 0.003350550438936774;
    QTest::newRow("t=999") << 999 << 4.0358297653756754e-05;
  }

  void linearAlphaBarMatchesReferenceValues() {
    QFETCH(int, t);
    QFETCH(double, expected);
    const auto schedule = NoiseSchedule::linear(1000, 1e-4, 0.02);
    QVERIFY2(std::fabs(schedule.alphaBar(t) / expected - 1.0) < 1e-9,
             qPrintable(QString::number(schedule.alphaBar(t), 'g', 17)));
  }

  void cosineAlphaBarMatchesReferenceValues_data() {
    QTest::addColumn<int>("t");
    QTest::addColumn<double>("expected");
    // Nichol & Dhariwal's cosine schedule (s = 0.008, T = 1000), computed independently (Python,
    // double precision) as the product of the betas β_t = min(1 − f(t+1)/f(t), 0.999).
    QTest::newRow("t=0") << 0 << 0.999958715775178;
    QTest::newRow("t=99") << 99 << 0.9720927371139696;
    QTest::newRow("t=249") << 249 << 0.847012161326905;
    QTest::newRow("t=499") << 499 << 0.4938435904406382;
    QTest::newRow("t=749") << 749 << 0.14427210238573596;
    QTest::newRow("t=990") << 990 << 0.00019671738012480358;
  }

  void cosineAlphaBarMatchesReferenceValues() {
    QFETCH(int, t);
    QFETCH(double, expected);
    const auto schedule = NoiseSchedule::cosine(1000);
    QVERIFY2(std::fabs(schedule.alphaBar(t) / expected - 1.0) < 1e-9,
             qPrintable(QString::number(schedule.alphaBar(t), 'g', 17)));
    QVERIFY(schedule.beta(999) <= 0.999);
  }

  void alphaBarDecreasesStrictly() {
    for (const auto& schedule : {NoiseSchedule::linear(), NoiseSchedule::cosine()}) {
      for (int t = 1; t < schedule.steps(); ++t)
        QVERIFY(schedule.alphaBar(t) < schedule.alphaBar(t - 1));
      QCOMPARE(schedule.alphaBarPrevious(0), 1.0);
    }
  }

  void respacingIncludesBothEnds() {
    const auto schedule = NoiseSchedule::linear();
    const auto steps = schedule.respacedTimesteps(999, 4);
    QCOMPARE(steps, (std::vector<int>{999, 666, 333, 0}));
    const auto all = schedule.respacedTimesteps(250, 251);
    QCOMPARE(int(all.size()), 251);
    for (int i = 0; i < 251; ++i) QCOMPARE(all[i], 250 - i);
    QCOMPARE(schedule.respacedTimesteps(10, 1), std::vector<int>{10});
  }

  void respacingRefusesLevelBeyondT() {
    const auto schedule = NoiseSchedule::linear(1000);
    try {
      schedule.respacedTimesteps(1200, 10);
      QFAIL("L > T accepted");
    } catch (const InvalidArgument& error) {
      QVERIFY2(QString(error.what()).contains("L=1200 exceeds T=1000"), error.what());
    }
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, schedule.respacedTimesteps(10, 12));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, schedule.respacedTimesteps(10, 0));
  }

  void refusesBadScheduleArguments() {
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, NoiseSchedule::linear(1, 1e-4, 0.02));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, NoiseSchedule::linear(1000, 1e-4, 1.5));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, NoiseSchedule::kindFromName("quadratic"));
    QCOMPARE(NoiseSchedule::kindFromName("cosine"), NoiseSchedule::Kind::Cosine);
  }

  void torchThreadsAreSetExplicitly() {
    TorchRuntime::setThreads(2);
    QCOMPARE(TorchRuntime::threads(), 2);
    TorchRuntime::setThreads(1);
    QCOMPARE(TorchRuntime::threads(), 1);
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, TorchRuntime::setThreads(-1));
  }

  void blasIsNotTheReferenceImplementation() {
    // tools/setup-deps installs libopenblas0-openmp; the reference BLAS is 3.5-4x slower.
    QVERIFY2(!TorchRuntime::isReferenceBlas(), TorchRuntime::blasName().c_str());
    QVERIFY(TorchRuntime::blasName() != "unknown");
  }
};

QTEST_APPLESS_MAIN(NoiseScheduleTest)
#include "NoiseScheduleTest.moc"
