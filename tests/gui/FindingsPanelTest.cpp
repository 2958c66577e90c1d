// The findings list: follows the model live, a click selects and asks to navigate, keys review.

#include "findings/FindingsModel.h"
#include "findings/FindingsPanel.h"

#include <QSignalSpy>
#include <QTableWidget>
#include <QUndoStack>
#include <QtTest>

using anomadiff::BoundingBox;
using anomadiff::FindingsDocument;
using anomadiff::gui::FindingsModel;
using anomadiff::gui::FindingsPanel;

namespace {

FindingsDocument threeFindings() {
  FindingsDocument document;
  for (int id = 1; id <= 3; ++id) {
    BoundingBox box;
    box.id = id * 10;
    box.x = static_cast<std::size_t>(id);
    box.width = 4;
    box.height = 5;
    box.depth = 2;
    box.score = 0.25 * id;
    box.maxScore = 0.5 * id;
    box.meanVariance = 0.01;
    box.areaPx = 12;
    document.boxes.push_back(box);
  }
  return document;
}

QString cell(const FindingsPanel& panel, int row, int column) {
  const QTableWidgetItem* item = panel.table()->item(row, column);
  return item != nullptr ? item->text() : QString();
}

QPoint rowCentre(const FindingsPanel& panel, int row) {
  return panel.table()->visualItemRect(panel.table()->item(row, FindingsPanel::Score)).center();
}

}  // namespace

class FindingsPanelTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void showsEveryColumn() {
    FindingsModel model;
    model.reset(threeFindings());
    FindingsPanel panel(&model);
    QCOMPARE(panel.table()->rowCount(), 3);
    QCOMPARE(cell(panel, 1, FindingsPanel::Id), QString("20"));
    QCOMPARE(cell(panel, 1, FindingsPanel::Review), QString("pending"));
    QCOMPARE(cell(panel, 1, FindingsPanel::Score), QString("0.5"));
    QCOMPARE(cell(panel, 1, FindingsPanel::MaxScore), QString("1"));
    QCOMPARE(cell(panel, 1, FindingsPanel::Size), QString("4×5×2"));
    QCOMPARE(cell(panel, 1, FindingsPanel::Area), QString("12"));
    QCOMPARE(cell(panel, 1, FindingsPanel::Variance), QString("0.01"));
  }

  void clickSelectsAndRequestsNavigation() {
    FindingsModel model;
    model.reset(threeFindings());
    FindingsPanel panel(&model);
    panel.resize(500, 300);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy navigateSpy(&panel, &FindingsPanel::navigateRequested);
    QTest::mouseClick(panel.table()->viewport(), Qt::LeftButton, Qt::NoModifier,
                      rowCentre(panel, 2));
    QCOMPARE(navigateSpy.count(), 1);
    QCOMPARE(navigateSpy.at(0).at(0).toInt(), 2);
    QCOMPARE(model.currentRow(), 2);
    // Clicking the current row again still shows it (the reader may have scrolled away).
    QTest::mouseClick(panel.table()->viewport(), Qt::LeftButton, Qt::NoModifier,
                      rowCentre(panel, 2));
    QCOMPARE(navigateSpy.count(), 2);
  }

  void followsTheModelLive() {
    FindingsModel model;
    model.reset(threeFindings());
    FindingsPanel panel(&model);
    QSignalSpy navigateSpy(&panel, &FindingsPanel::navigateRequested);
    model.setCurrentRow(1);
    QCOMPARE(panel.table()->currentRow(), 1);
    QCOMPARE(navigateSpy.count(), 0);  // the model moved, not the reader

    model.setReview(0, "rejected");
    QCOMPARE(cell(panel, 0, FindingsPanel::Review), QString("rejected"));
    BoundingBox wider = model.finding(2);
    wider.width = 9;
    model.setBox(2, wider);
    QCOMPARE(cell(panel, 2, FindingsPanel::Size), QString("9×5×2"));
    model.removeFinding(0);
    QCOMPARE(panel.table()->rowCount(), 2);
    QCOMPARE(cell(panel, 0, FindingsPanel::Id), QString("20"));
    QCOMPARE(panel.table()->currentRow(), 0);
    model.undoStack()->undo();
    QCOMPARE(panel.table()->rowCount(), 3);
    QCOMPARE(cell(panel, 0, FindingsPanel::Review), QString("rejected"));
    QCOMPARE(model.addFinding(BoundingBox{}), 3);
    QCOMPARE(cell(panel, 3, FindingsPanel::Review), QString("added"));
    QCOMPARE(panel.table()->currentRow(), 3);
    model.reset({});
    QCOMPARE(panel.table()->rowCount(), 0);
  }

  void keysReviewRemoveAndNavigate() {
    FindingsModel model;
    model.reset(threeFindings());
    FindingsPanel panel(&model);
    QSignalSpy navigateSpy(&panel, &FindingsPanel::navigateRequested);
    QTest::keyClick(panel.table(), Qt::Key_N);
    QCOMPARE(model.currentRow(), 0);
    QTest::keyClick(panel.table(), Qt::Key_P);
    QCOMPARE(model.currentRow(), 2);
    QCOMPARE(navigateSpy.count(), 2);
    QTest::keyClick(panel.table(), Qt::Key_A);
    QCOMPARE(model.finding(2).review, std::string("accepted"));
    QTest::keyClick(panel.table(), Qt::Key_R);
    QCOMPARE(model.finding(2).review, std::string("rejected"));
    QTest::keyClick(panel.table(), Qt::Key_Delete);
    QCOMPARE(model.count(), 2);
    QCOMPARE(panel.table()->rowCount(), 2);
  }
};

QTEST_MAIN(FindingsPanelTest)
#include "FindingsPanelTest.moc"
