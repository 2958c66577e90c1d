// The reviewed findings: every edit is undoable and announced with the same signals whether it is
// done, undone or redone; the moves of one drag are one undo step.

#include "common/Error.h"
#include "findings/FindingsModel.h"

#include <QSignalSpy>
#include <QUndoStack>
#include <QtTest>

using anomadiff::BoundingBox;
using anomadiff::FindingsDocument;
using anomadiff::gui::FindingsModel;

namespace {

BoundingBox box(int id, std::size_t x, std::size_t y) {
  BoundingBox result;
  result.id = id;
  result.x = x;
  result.y = y;
  result.width = 4;
  result.height = 3;
  result.score = 0.1 * id;
  result.areaPx = 7;
  return result;
}

FindingsDocument threeFindings() {
  FindingsDocument document;
  document.boxes = {box(1, 0, 0), box(5, 10, 10), box(2, 20, 5)};
  document.threshold = 0.25;
  document.thresholdSource = "user";
  document.provenance.method = "intensity";
  return document;
}

BoundingBox movedTo(BoundingBox original, std::size_t x, std::size_t y) {
  original.x = x;
  original.y = y;
  return original;
}

}  // namespace

class FindingsModelTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void resetKeepsMetadataAndClearsHistory() {
    FindingsModel model;
    QSignalSpy resetSpy(&model, &FindingsModel::modelReset);
    model.reset(threeFindings());
    model.setReview(0, "accepted");
    QVERIFY(model.undoStack()->canUndo());
    model.setCurrentRow(1);

    model.reset(threeFindings());
    QCOMPARE(resetSpy.count(), 2);
    QVERIFY(!model.undoStack()->canUndo());
    QCOMPARE(model.currentRow(), -1);
    QCOMPARE(model.count(), 3);
    QCOMPARE(model.document().threshold, 0.25);
    QCOMPARE(model.document().provenance.method, std::string("intensity"));
    QCOMPARE(model.finding(0).review, std::string());
    QCOMPARE(model.rowOfId(5), 1);
    QCOMPARE(model.rowOfId(3), -1);
  }

  void setBoxChangesGeometryOnlyAndUndoes() {
    FindingsModel model;
    model.reset(threeFindings());
    QSignalSpy changedSpy(&model, &FindingsModel::boxChanged);
    QSignalSpy editedSpy(&model, &FindingsModel::edited);
    BoundingBox edit = movedTo(model.finding(1), 12, 14);
    edit.width = 9;
    edit.score = 99.0;  // scores belong to the detection, not to the geometry
    edit.id = 77;
    model.setBox(1, edit);
    QCOMPARE(changedSpy.count(), 1);
    QCOMPARE(changedSpy.at(0).at(0).toInt(), 1);
    QCOMPARE(editedSpy.count(), 1);
    QCOMPARE(model.finding(1).x, std::size_t{12});
    QCOMPARE(model.finding(1).width, std::size_t{9});
    QCOMPARE(model.finding(1).id, 5);
    QCOMPARE(model.finding(1).score, 0.5);

    model.undoStack()->undo();
    QCOMPARE(changedSpy.count(), 2);
    QCOMPARE(model.finding(1).x, std::size_t{10});
    QCOMPARE(model.finding(1).width, std::size_t{4});
    model.undoStack()->redo();
    QCOMPARE(model.finding(1).x, std::size_t{12});
    QCOMPARE(editedSpy.count(), 3);

    // The same geometry again is no edit at all.
    model.setBox(1, model.finding(1));
    QCOMPARE(model.undoStack()->count(), 1);
  }

  void movesOfOneDragAreOneUndoStep() {
    FindingsModel model;
    model.reset(threeFindings());
    QSignalSpy changedSpy(&model, &FindingsModel::boxChanged);
    model.beginBoxDrag();
    for (std::size_t x = 11; x <= 15; ++x) model.setBox(1, movedTo(model.finding(1), x, 10));
    model.endBoxDrag();
    QCOMPARE(changedSpy.count(), 5);
    QCOMPARE(model.undoStack()->count(), 1);

    // A second drag of the same box is a step of its own.
    model.beginBoxDrag();
    model.setBox(1, movedTo(model.finding(1), 16, 10));
    model.setBox(1, movedTo(model.finding(1), 17, 11));
    model.endBoxDrag();
    QCOMPARE(model.undoStack()->count(), 2);

    model.undoStack()->undo();
    QCOMPARE(model.finding(1).x, std::size_t{15});
    model.undoStack()->undo();
    QCOMPARE(model.finding(1).x, std::size_t{10});
    QCOMPARE(model.finding(1).y, std::size_t{10});

    // Outside a drag every setBox is its own step.
    model.setBox(1, movedTo(model.finding(1), 3, 3));
    model.setBox(1, movedTo(model.finding(1), 4, 3));
    QCOMPARE(model.undoStack()->count(), 2);
  }

  void dragBackToTheStartLeavesNoUndoStep() {
    FindingsModel model;
    model.reset(threeFindings());
    model.beginBoxDrag();
    model.setBox(0, movedTo(model.finding(0), 2, 2));
    model.setBox(0, movedTo(model.finding(0), 0, 0));
    model.endBoxDrag();
    QCOMPARE(model.undoStack()->count(), 0);
  }

  void addedFindingGetsNextIdAndAddedReview() {
    FindingsModel model;
    model.reset(threeFindings());
    model.setCurrentRow(0);
    QSignalSpy addedSpy(&model, &FindingsModel::findingAdded);
    QSignalSpy removedSpy(&model, &FindingsModel::findingRemoved);
    QSignalSpy currentSpy(&model, &FindingsModel::currentRowChanged);
    BoundingBox drawn = box(0, 30, 30);
    drawn.review = "accepted";
    const int row = model.addFinding(drawn);
    QCOMPARE(row, 3);
    QCOMPARE(addedSpy.count(), 1);
    QCOMPARE(addedSpy.at(0).at(0).toInt(), 3);
    QCOMPARE(model.finding(row).id, 6);  // largest id 5, + 1
    QCOMPARE(model.finding(row).review, std::string("added"));
    QCOMPARE(model.currentRow(), 3);
    QCOMPARE(currentSpy.count(), 1);

    model.undoStack()->undo();
    QCOMPARE(model.count(), 3);
    QCOMPARE(removedSpy.count(), 1);
    QCOMPARE(model.rowOfId(6), -1);
    QCOMPARE(model.currentRow(), 2);  // the next row left, like after a deletion
    model.undoStack()->redo();
    QCOMPARE(model.count(), 4);
    QCOMPARE(model.finding(3).id, 6);

    FindingsModel empty;
    QCOMPARE(empty.finding(empty.addFinding(box(0, 1, 1))).id, 1);
  }

  void removeAndUndoRestoresRowAndFields() {
    FindingsModel model;
    model.reset(threeFindings());
    model.setReview(1, "rejected");
    model.setCurrentRow(2);
    QSignalSpy removedSpy(&model, &FindingsModel::findingRemoved);
    QSignalSpy addedSpy(&model, &FindingsModel::findingAdded);
    QSignalSpy currentSpy(&model, &FindingsModel::currentRowChanged);
    model.removeFinding(1);
    QCOMPARE(removedSpy.count(), 1);
    QCOMPARE(removedSpy.at(0).at(0).toInt(), 1);
    QCOMPARE(model.count(), 2);
    QCOMPARE(model.rowOfId(5), -1);
    // The current finding (id 2) moved up a row and stays current.
    QCOMPARE(model.currentRow(), 1);
    QCOMPARE(model.finding(model.currentRow()).id, 2);
    QCOMPARE(currentSpy.count(), 1);

    model.undoStack()->undo();
    QCOMPARE(addedSpy.count(), 1);
    QCOMPARE(addedSpy.at(0).at(0).toInt(), 1);
    QCOMPARE(model.finding(1).id, 5);
    QCOMPARE(model.finding(1).review, std::string("rejected"));
    QCOMPARE(model.finding(1).x, std::size_t{10});
    QCOMPARE(model.finding(model.currentRow()).id, 2);
  }

  void removingTheCurrentRowSelectsTheNext() {
    FindingsModel model;
    model.reset(threeFindings());
    model.setCurrentRow(0);
    QSignalSpy currentSpy(&model, &FindingsModel::currentRowChanged);
    model.removeFinding(0);
    // Same row number, another finding: still announced.
    QCOMPARE(currentSpy.count(), 1);
    QCOMPARE(model.currentRow(), 0);
    QCOMPARE(model.finding(0).id, 5);
    model.removeFinding(0);
    model.removeFinding(0);
    QCOMPARE(model.currentRow(), -1);
  }

  void reviewIsUndoableAndValidated() {
    FindingsModel model;
    model.reset(threeFindings());
    QSignalSpy reviewSpy(&model, &FindingsModel::reviewChanged);
    QSignalSpy editedSpy(&model, &FindingsModel::edited);
    model.setReview(2, "accepted");
    QCOMPARE(reviewSpy.count(), 1);
    QCOMPARE(reviewSpy.at(0).at(0).toInt(), 2);
    QCOMPARE(model.document().boxes[2].review, std::string("accepted"));
    model.setReview(2, "rejected");
    model.undoStack()->undo();
    QCOMPARE(model.finding(2).review, std::string("accepted"));
    model.undoStack()->undo();
    QCOMPARE(model.finding(2).review, std::string());
    QCOMPARE(reviewSpy.count(), 4);
    QCOMPARE(editedSpy.count(), 4);
    model.setReview(2, "");  // already pending: nothing to do
    QCOMPARE(reviewSpy.count(), 4);
    QVERIFY_THROWS_EXCEPTION(anomadiff::InvalidArgument, model.setReview(2, "maybe"));
  }

  void currentRowIsClampedAndStepsWrap() {
    FindingsModel model;
    QCOMPARE(model.steppedRow(1), -1);
    model.reset(threeFindings());
    QSignalSpy currentSpy(&model, &FindingsModel::currentRowChanged);
    QCOMPARE(model.steppedRow(1), 0);
    QCOMPARE(model.steppedRow(-1), 2);
    model.setCurrentRow(2);
    QCOMPARE(model.steppedRow(1), 0);
    QCOMPARE(model.steppedRow(-1), 1);
    model.setCurrentRow(2);  // unchanged: no signal
    model.setCurrentRow(7);
    QCOMPARE(model.currentRow(), -1);
    QCOMPARE(currentSpy.count(), 2);
  }

  void reviewKeysActOnTheCurrentFindingOnly() {
    FindingsModel model;
    model.reset(threeFindings());
    QVERIFY(!model.applyReviewKey(Qt::Key_A));  // no current finding: not taken
    QVERIFY(!model.undoStack()->canUndo());
    QCOMPARE(model.rowForNavigationKey(Qt::Key_N), 0);
    QCOMPARE(model.rowForNavigationKey(Qt::Key_P), 2);
    QCOMPARE(model.rowForNavigationKey(Qt::Key_X), -1);

    model.setCurrentRow(1);
    QVERIFY(model.applyReviewKey(Qt::Key_A));
    QCOMPARE(model.finding(1).review, std::string("accepted"));
    QVERIFY(model.applyReviewKey(Qt::Key_R));
    QCOMPARE(model.finding(1).review, std::string("rejected"));
    QVERIFY(!model.applyReviewKey(Qt::Key_X));
    QVERIFY(model.applyReviewKey(Qt::Key_Delete));
    QCOMPARE(model.count(), 2);
    QCOMPARE(model.rowOfId(5), -1);
    model.undoStack()->undo();
    QCOMPARE(model.rowOfId(5), 1);
    QCOMPARE(model.finding(1).review, std::string("rejected"));
  }
};

QTEST_MAIN(FindingsModelTest)
#include "FindingsModelTest.moc"
