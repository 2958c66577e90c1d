#pragma once

#include "localize/BoundingBox.h"

#include <QUndoCommand>

namespace anomadiff::gui {

class FindingsModel;

/// Removes a finding; undo puts it back at its old row with all its fields.
class RemoveFindingCommand : public QUndoCommand {
 public:
  RemoveFindingCommand(FindingsModel* model, const BoundingBox& box, int row);

  void redo() override;
  void undo() override;

 private:
  FindingsModel* m_model;
  BoundingBox m_box;
  int m_row;
};

}  // namespace anomadiff::gui
