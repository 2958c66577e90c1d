#include "findings/RemoveFindingCommand.h"

#include "findings/FindingsModel.h"

#include <QCoreApplication>

namespace anomadiff::gui {

RemoveFindingCommand::RemoveFindingCommand(FindingsModel* model, const BoundingBox& box, int row)
    : QUndoCommand(
          QCoreApplication::translate("RemoveFindingCommand", "Remove finding %1").arg(box.id)),
      m_model(model),
      m_box(box),
      m_row(row) {}

void RemoveFindingCommand::redo() {
  m_model->eraseFinding(m_box.id);
}

void RemoveFindingCommand::undo() {
  m_model->insertFinding(m_row, m_box);
}

}  // namespace anomadiff::gui
