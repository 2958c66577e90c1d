#pragma once

#include "localize/BoundingBox.h"

#include <QUndoCommand>

namespace anomadiff::gui {

class FindingsModel;

/// Moves or resizes one finding. The moves of one drag share a serial and merge, so a drag is
/// one undo step however many mouse events it took; serial 0 never merges.
class EditBoxCommand : public QUndoCommand {
 public:
  EditBoxCommand(FindingsModel* model, const BoundingBox& before, const BoundingBox& after,
                 int dragSerial);

  void redo() override;
  void undo() override;
  int id() const override;
  bool mergeWith(const QUndoCommand* other) override;

  static bool sameGeometry(const BoundingBox& a, const BoundingBox& b);

 private:
  FindingsModel* m_model;
  int m_findingId;
  BoundingBox m_before;
  BoundingBox m_after;
  int m_dragSerial;
};

}  // namespace anomadiff::gui
