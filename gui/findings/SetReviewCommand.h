#pragma once

#include "localize/BoundingBox.h"

#include <QUndoCommand>

#include <string>

namespace anomadiff::gui {

class FindingsModel;

/// Sets one finding's review state (accept, reject, or back to pending).
class SetReviewCommand : public QUndoCommand {
 public:
  SetReviewCommand(FindingsModel* model, const BoundingBox& box, std::string review);

  void redo() override;
  void undo() override;

 private:
  FindingsModel* m_model;
  int m_findingId;
  std::string m_before;
  std::string m_after;
};

}  // namespace anomadiff::gui
