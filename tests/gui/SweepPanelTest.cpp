// SweepPanel: the value lists are checked before anything runs (the reason shown, no sweep),
// Start fills the grid through the fake worker, and clicking a finished cell asks to adopt it.
#include "ExampleImage.h"
#include "sweep/SweepGrid.h"
#include "sweep/SweepPanel.h"
#include "sweep/SweepRunner.h"
#include "sweep/SweepValueList.h"

#include "common/Error.h"

#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QtTest>

#include <filesystem>

using namespace anomadiff;
using namespace anomadiff::gui;

namespace {

const QString kExample = test::exampleImage();

SweepRequest ddpmTemplate() {
  SweepRequest job;
  job.input = kExample;
  job.method = QStringLiteral("ddpm");
  job.baseParameters = {{"steps", 2}, {"ensemble", 1}};
  job.scaleParameter.clear();  // ddpm has no guidance scale
  return job;
}

}  // namespace

class SweepPanelTest : public QObject {
  Q_OBJECT

  QTemporaryDir m_runs;
  std::unique_ptr<SweepRunner> m_runner;
  std::unique_ptr<SweepPanel> m_panel;

  QPushButton* button(const char* name) const {
    return m_panel->findChild<QPushButton*>(QString::fromLatin1(name));
  }

 private Q_SLOTS:
  void init() {
    m_runner = std::make_unique<SweepRunner>(ANOMADIFF_FAKE_WORKER, QStringList{"--threads", "2"},
                                             m_runs.path());
    m_panel = std::make_unique<SweepPanel>(m_runner.get());
    m_panel->resize(420, 480);
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
  }

  void cleanup() {
    m_panel.reset();
    m_runner.reset();
  }

  void valueListsAreParsedOrRefusedWithTheReason() {
    QCOMPARE(SweepValueList::parseLevels(" 50, 100 ;200 300 ", "L"),
             (std::vector<int>{50, 100, 200, 300}));
    QCOMPARE(SweepValueList::parseScales("0, 1.5,7e0", "s"), (std::vector<double>{0, 1.5, 7}));
    QCOMPARE(SweepValueList::format(std::vector<double>{0, 1.5}), QString("0, 1.5"));
    const auto refusal = [](const QString& text) {
      try {
        SweepValueList::parseLevels(text, "Noise levels L");
      } catch (const InvalidArgument& error) {
        return QString::fromUtf8(error.what());
      }
      return QString();
    };
    QCOMPARE(refusal("50, abc"), QString("Noise levels L: 'abc' is not a number"));
    QCOMPARE(refusal("50, 50.5"), QString("Noise levels L: 50.5 is not a whole number"));
    QCOMPARE(refusal("50, 50"), QString("Noise levels L: 50 appears twice"));
    QCOMPARE(refusal(" , "), QString("Noise levels L: enter at least one value"));
    QVERIFY(refusal("1 2 3 4 5 6 7 8 9 10 11 12 13").contains("at most 12"));
  }

  void badTextShowsTheReasonAndStartsNothing() {
    SweepRequest job = ddpmTemplate();
    job.scaleParameter = QStringLiteral("guidance-scale");
    m_panel->setJobTemplate(job);
    QSignalSpy startRequested(m_panel.get(), &SweepPanel::startRequested);
    m_panel->setLevelsText("100, 200");
    m_panel->setScalesText("1, two");
    QTest::mouseClick(button("sweepStart"), Qt::LeftButton);
    QCOMPARE(m_panel->statusText(), QString("Guidance scales s: 'two' is not a number"));
    QCOMPARE(startRequested.count(), 1);
    QCOMPARE(m_panel->grid()->levels().size(), std::size_t{0});  // the grid is left alone
    QVERIFY(!m_runner->isRunning());
    QVERIFY(m_runner->workerProcessId() == 0);  // not even a worker was started
  }

  void withoutAnImageNothingStarts() {
    QSignalSpy startRequested(m_panel.get(), &SweepPanel::startRequested);
    m_panel->setLevelsText("100");
    QVERIFY(!m_panel->startSweep());
    QCOMPARE(startRequested.count(), 1);  // the window had its chance to supply the image
    QVERIFY(m_panel->statusText().contains("Open an image"));
    QVERIFY(!m_runner->isRunning());
  }

  void startFillsTheGridAndClickingACellAdoptsIt() {
    // The template arrives when Start asks for it, as the main window would supply it.
    connect(m_panel.get(), &SweepPanel::startRequested, m_panel.get(),
            [this] { m_panel->setJobTemplate(ddpmTemplate()); });
    QSignalSpy finished(m_runner.get(), &SweepRunner::finished);
    QSignalSpy adopt(m_panel.get(), &SweepPanel::adoptRequested);
    m_panel->setCurrentParameters(100, 0.0);
    m_panel->setLevelsText("50, 100");
    QTest::mouseClick(button("sweepStart"), Qt::LeftButton);
    QVERIFY(m_runner->isRunning());
    QVERIFY(button("sweepCancel")->isEnabled());
    SweepGrid* grid = m_panel->grid();
    QCOMPARE(grid->levels(), (std::vector<int>{50, 100}));
    QCOMPARE(grid->scales().size(), std::size_t{1});
    QCOMPARE(grid->cellState(0, 0), SweepGrid::CellState::Pending);
    QVERIFY(grid->currentCell().has_value());  // the current parameters stay outlined
    QCOMPARE(grid->currentCell()->row, 1);

    QVERIFY(finished.wait(240000));
    QCOMPARE(grid->cellState(0, 0), SweepGrid::CellState::Done);
    QCOMPARE(grid->cellState(1, 0), SweepGrid::CellState::Done);
    QVERIFY(m_panel->statusText().startsWith("Sweep done: 2 cells"));
    QVERIFY(!button("sweepCancel")->isEnabled());

    QTest::mouseClick(grid, Qt::LeftButton, Qt::NoModifier, grid->cellRect(0, 0).center());
    QCOMPARE(adopt.count(), 1);
    QCOMPARE(adopt.first().at(0).toInt(), 50);
    QCOMPARE(adopt.first().at(1).toDouble(), 0.0);
  }

  void cancelMarksTheRunningCell() {
    SweepRequest job = ddpmTemplate();
    job.baseParameters = {{"steps", 400}, {"ensemble", 8}};
    m_panel->setJobTemplate(job);
    m_panel->setLevelsText("500, 600");
    QSignalSpy cellProgress(m_runner.get(), &SweepRunner::cellProgress);
    QVERIFY(m_panel->startSweep());
    QVERIFY(cellProgress.wait(120000));
    QTest::mouseClick(button("sweepCancel"), Qt::LeftButton);
    QCOMPARE(m_panel->statusText(), QString("Sweep cancelled."));
    QCOMPARE(m_panel->grid()->cellState(0, 0), SweepGrid::CellState::Failed);
    QCOMPARE(m_panel->grid()->cellState(1, 0), SweepGrid::CellState::Empty);
    QVERIFY(!button("sweepCancel")->isEnabled());
  }
};

QTEST_MAIN(SweepPanelTest)
#include "SweepPanelTest.moc"
