#pragma once

#include "localize/BoundingBox.h"

#include <QUndoCommand>

namespace anomadiff::gui {

class FindingsModel;

/// Adds a reader-drawn finding at a row; undo takes it out again.
class AddFindingCommand : public QUndoCommand {
 public:
  AddFindingCommand(FindingsModel* model, const BoundingBox& box, int row);

  void redo() override;
  void undo() override;

 private:
  FindingsModel* m_model;
  BoundingBox m_box;
  int m_row;
};

}  // namespace anomadiff::gui
