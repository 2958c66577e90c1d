#include "findings/AddFindingCommand.h"

#include "findings/FindingsModel.h"

#include <QCoreApplication>

namespace anomadiff::gui {

AddFindingCommand::AddFindingCommand(FindingsModel* model, const BoundingBox& box, int row)
    : QUndoCommand(QCoreApplication::translate("AddFindingCommand", "Add finding %1").arg(box.id)),
      m_model(model),
      m_box(box),
      m_row(row) {}

void AddFindingCommand::redo() {
  m_model->insertFinding(m_row, m_box);
}

void AddFindingCommand::undo() {
  m_model->eraseFinding(m_box.id);
}

}  // namespace anomadiff::gui
