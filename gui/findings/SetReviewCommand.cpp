#include "findings/SetReviewCommand.h"

#include "findings/FindingsModel.h"

#include <QCoreApplication>

#include <utility>

namespace anomadiff::gui {

SetReviewCommand::SetReviewCommand(FindingsModel* model, const BoundingBox& box, std::string review)
    : QUndoCommand(QCoreApplication::translate("SetReviewCommand", "Review finding %1: %2")
                       .arg(box.id)
                       .arg(QString::fromStdString(review.empty() ? "pending" : review))),
      m_model(model),
      m_findingId(box.id),
      m_before(box.review),
      m_after(std::move(review)) {}

void SetReviewCommand::redo() {
  m_model->applyReview(m_findingId, m_after);
}

void SetReviewCommand::undo() {
  m_model->applyReview(m_findingId, m_before);
}

}  // namespace anomadiff::gui
