#include "findings/EditBoxCommand.h"

#include "findings/FindingsModel.h"

#include <QCoreApplication>

namespace anomadiff::gui {

namespace {

// QUndoCommand::id: the same for every box edit; mergeWith decides by finding and drag.
constexpr int kEditBoxCommandId = 0x41440001;

}  // namespace

EditBoxCommand::EditBoxCommand(FindingsModel* model, const BoundingBox& before,
                               const BoundingBox& after, int dragSerial)
    : QUndoCommand(QCoreApplication::translate("EditBoxCommand", "Edit finding %1").arg(before.id)),
      m_model(model),
      m_findingId(before.id),
      m_before(before),
      m_after(after),
      m_dragSerial(dragSerial) {}

void EditBoxCommand::redo() {
  m_model->applyGeometry(m_findingId, m_after);
}

void EditBoxCommand::undo() {
  m_model->applyGeometry(m_findingId, m_before);
}

int EditBoxCommand::id() const {
  return kEditBoxCommandId;
}

bool EditBoxCommand::mergeWith(const QUndoCommand* other) {
  const auto* edit = static_cast<const EditBoxCommand*>(other);
  if (m_dragSerial == 0 || edit->m_dragSerial != m_dragSerial || edit->m_findingId != m_findingId) {
    return false;
  }
  m_after = edit->m_after;
  // A drag that ends where it started leaves nothing to undo.
  setObsolete(sameGeometry(m_before, m_after));
  return true;
}

bool EditBoxCommand::sameGeometry(const BoundingBox& a, const BoundingBox& b) {
  return a.x == b.x && a.y == b.y && a.z == b.z && a.width == b.width && a.height == b.height &&
         a.depth == b.depth;
}

}  // namespace anomadiff::gui
