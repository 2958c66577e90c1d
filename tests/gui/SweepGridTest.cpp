// SweepGrid: cells filled, drawn, outlined and clicked for real (grabbed pixels, QSignalSpy).

#include "common/Error.h"
#include "sweep/SweepGrid.h"

#include <QSignalSpy>
#include <QtTest>

#include <set>

using anomadiff::gui::SweepGrid;

namespace {

const std::vector<int> kLevels{100, 200, 300};
const std::vector<double> kScales{1.0, 5.5};

QImage solid(QColor color) {
  QImage image(32, 24, QImage::Format_RGB32);
  image.fill(color);
  return image;
}

// Distinct colours inside a cell: 1 for a plain fill, more once text or an outline is drawn.
std::size_t coloursIn(const QImage& frame, const QRect& area) {
  std::set<QRgb> colours;
  for (int y = area.top(); y <= area.bottom(); ++y) {
    for (int x = area.left(); x <= area.right(); ++x) {
      colours.insert(frame.pixel(x, y));
    }
  }
  return colours.size();
}

}  // namespace

class SweepGridTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void init() {
    m_grid = std::make_unique<SweepGrid>();
    m_grid->resize(400, 360);
    m_grid->setAxes(kLevels, kScales);
    m_grid->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_grid.get()));
  }

  void cleanup() { m_grid.reset(); }

  void clickingACellChoosesItsParameters() {
    for (int row = 0; row < 3; ++row) {
      for (int column = 0; column < 2; ++column) {
        m_grid->setThumbnail(row, column, solid(Qt::darkGreen));
      }
    }
    QSignalSpy chosen(m_grid.get(), &SweepGrid::cellChosen);
    QTest::mouseClick(m_grid.get(), Qt::LeftButton, Qt::NoModifier,
                      m_grid->cellRect(1, 0).center());
    QCOMPARE(chosen.count(), 1);
    QCOMPARE(chosen.at(0).at(0).toInt(), kLevels[1]);
    QCOMPARE(chosen.at(0).at(1).toDouble(), kScales[0]);

    // Headers and gaps choose nothing.
    QTest::mouseClick(m_grid.get(), Qt::LeftButton, Qt::NoModifier, QPoint(5, 5));
    QTest::mouseClick(m_grid.get(), Qt::LeftButton, Qt::NoModifier,
                      m_grid->cellRect(0, 1).topLeft() - QPoint(2, 2));
    QCOMPARE(chosen.count(), 1);

    QTest::mouseClick(m_grid.get(), Qt::LeftButton, Qt::NoModifier,
                      m_grid->cellRect(2, 1).center());
    QCOMPARE(chosen.count(), 2);
    QCOMPARE(chosen.at(1).at(0).toInt(), kLevels[2]);
    QCOMPARE(chosen.at(1).at(1).toDouble(), kScales[1]);
  }

  void thumbnailIsDrawnInItsCell() {
    m_grid->setThumbnail(2, 1, solid(Qt::red));
    QCOMPARE(m_grid->cellState(2, 1), SweepGrid::CellState::Done);
    const QImage frame = m_grid->grab().toImage();
    QCOMPARE(QColor(frame.pixel(m_grid->cellRect(2, 1).center())), QColor(Qt::red));
    QVERIFY(QColor(frame.pixel(m_grid->cellRect(0, 0).center())) != QColor(Qt::red));
    QCOMPARE(coloursIn(frame, m_grid->cellRect(0, 0)), std::size_t{1});
  }

  void pendingAndFailedCellsShowText() {
    m_grid->setPending(0, 1);
    m_grid->setFailed(1, 1, QStringLiteral("out of memory"));
    QCOMPARE(m_grid->cellState(0, 1), SweepGrid::CellState::Pending);
    QCOMPARE(m_grid->cellState(1, 1), SweepGrid::CellState::Failed);
    QCOMPARE(m_grid->cellState(0, 0), SweepGrid::CellState::Empty);

    const QImage frame = m_grid->grab().toImage();
    QCOMPARE(coloursIn(frame, m_grid->cellRect(0, 0)), std::size_t{1});
    // Anti-aliased glyphs add several shades to the plain fill.
    QVERIFY(coloursIn(frame, m_grid->cellRect(0, 1)) > 3);
    QVERIFY(coloursIn(frame, m_grid->cellRect(1, 1)) > 3);
    // A failed cell is tinted, unlike an empty one.
    const QRect failed = m_grid->cellRect(1, 1);
    QVERIFY(frame.pixel(failed.topLeft() + QPoint(1, 1)) !=
            frame.pixel(m_grid->cellRect(0, 0).topLeft() + QPoint(1, 1)));
  }

  void currentCellIsOutlined() {
    m_grid->setCurrent(300, 5.5);
    QVERIFY(m_grid->currentCell().has_value());
    QCOMPARE(m_grid->currentCell()->row, 2);
    QCOMPARE(m_grid->currentCell()->column, 1);
    const QImage frame = m_grid->grab().toImage();
    const QRect current = m_grid->cellRect(2, 1);
    const QColor edge(frame.pixel(current.left() + 1, current.center().y()));
    QVERIFY2(edge.red() > 200 && edge.green() > 150 && edge.blue() < 100, qPrintable(edge.name()));
    const QRect other = m_grid->cellRect(2, 0);
    QCOMPARE(coloursIn(frame, other), std::size_t{1});

    m_grid->setCurrent(999, 5.5);
    QVERIFY(!m_grid->currentCell().has_value());
  }

  void clearEmptiesCellsAndNewAxesReset() {
    m_grid->setThumbnail(0, 0, solid(Qt::blue));
    m_grid->setFailed(2, 1, QStringLiteral("boom"));
    m_grid->setCurrent(100, 1.0);
    m_grid->clear();
    QCOMPARE(m_grid->cellState(0, 0), SweepGrid::CellState::Empty);
    QCOMPARE(m_grid->cellState(2, 1), SweepGrid::CellState::Empty);
    QVERIFY(m_grid->currentCell().has_value());

    m_grid->setAxes({50}, {1.0, 2.0, 3.0});
    QVERIFY(!m_grid->currentCell().has_value());
    QCOMPARE(m_grid->cellState(0, 2), SweepGrid::CellState::Empty);
    QVERIFY_THROWS_EXCEPTION(anomadiff::InvalidArgument, m_grid->setPending(1, 0));
    QVERIFY_THROWS_EXCEPTION(anomadiff::InvalidArgument, m_grid->setThumbnail(0, 3, QImage()));
    QVERIFY_THROWS_EXCEPTION(anomadiff::InvalidArgument, m_grid->setFailed(-1, 0, QString()));
  }

 private:
  std::unique_ptr<SweepGrid> m_grid;
};

QTEST_MAIN(SweepGridTest)
#include "SweepGridTest.moc"
