#pragma once

#include "report/BoxesJsonFile.h"

#include <QObject>
#include <QString>

class QUndoStack;

namespace anomadiff::gui {

/// The findings of the current result as the reader reviews and edits them: the boxes with
/// their review states plus the run's metadata (threshold, provenance) so an export writes a
/// complete boxes.json. Every edit goes through the undo stack; the same signals fire whether
/// an edit is done, undone or redone, so views only listen to the model. Rows are indices into
/// document().boxes; ids are stable across edits.
class FindingsModel : public QObject {
  Q_OBJECT

 public:
  explicit FindingsModel(QObject* parent = nullptr);
  ~FindingsModel() override;

  /// Replaces everything with a new result; clears the undo history and the current row.
  void reset(const FindingsDocument& document);
  const FindingsDocument& document() const;

  int count() const;
  /// `row` must be in [0, count()).
  const BoundingBox& finding(int row) const;
  /// -1 when no finding has that id.
  int rowOfId(int id) const;

  /// Moves/resizes: the geometry (x, y, z, width, height, depth) of `box` replaces the row's;
  /// id, scores and review stay. One undo step, or part of the open drag (beginBoxDrag).
  void setBox(int row, const BoundingBox& box);
  /// Until endBoxDrag, setBox calls on the same finding merge into one undo step.
  void beginBoxDrag();
  void endBoxDrag();
  /// Appends a reader-drawn box (id = largest id + 1, review "added") and makes it current.
  /// Returns its row.
  int addFinding(BoundingBox box);
  void removeFinding(int row);
  /// `review`: "", "accepted", "rejected" or "added"; throws InvalidArgument otherwise.
  void setReview(int row, const QString& review);

  QUndoStack* undoStack() const;

  /// -1 when none.
  int currentRow() const;
  /// A row outside [0, count()) clears the current row.
  void setCurrentRow(int row);
  /// The row `step` rows after the current one, wrapping around (next: +1, previous: -1); from
  /// no current row, next is the first and previous the last. -1 without findings.
  int steppedRow(int step) const;

  /// The review keys shared by the findings table and the slice view, so both answer the same
  /// keys the same way: Delete/Backspace removes the current finding, A accepts it, R rejects
  /// it. Returns whether the key was taken (false without a current finding).
  bool applyReviewKey(int key);
  /// N / P: the row the key steps to (steppedRow(+1 / -1)); -1 for any other key or no findings.
  int rowForNavigationKey(int key) const;

 Q_SIGNALS:
  void boxChanged(int row);
  void findingAdded(int row);
  void findingRemoved(int row);
  void reviewChanged(int row);
  void modelReset();
  void currentRowChanged(int row);
  /// After any change of the findings (done, undone or redone), e.g. to autosave.
  void edited();

 private:
  friend class EditBoxCommand;
  friend class AddFindingCommand;
  friend class RemoveFindingCommand;
  friend class SetReviewCommand;

  // The undo commands' primitives: they address findings by id (rows move when others are
  // added or removed), change the document and emit.
  void applyGeometry(int id, const BoundingBox& geometry);
  void insertFinding(int row, const BoundingBox& box);
  void eraseFinding(int id);
  void applyReview(int id, const std::string& review);

  bool isValidRow(int row) const;
  void changeCurrentRow(int row);

  FindingsDocument m_document;
  QUndoStack* m_undoStack;
  int m_currentRow = -1;
  // Non-zero while a drag is open; commands with the same serial and finding merge.
  int m_dragSerial = 0;
  int m_lastDragSerial = 0;
};

}  // namespace anomadiff::gui
