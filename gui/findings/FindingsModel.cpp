#include "findings/FindingsModel.h"

#include "common/Error.h"
#include "findings/AddFindingCommand.h"
#include "findings/EditBoxCommand.h"
#include "findings/RemoveFindingCommand.h"
#include "findings/SetReviewCommand.h"

#include <QUndoStack>

#include <algorithm>

namespace anomadiff::gui {

FindingsModel::FindingsModel(QObject* parent)
    : QObject(parent), m_undoStack(new QUndoStack(this)) {}

FindingsModel::~FindingsModel() = default;

void FindingsModel::reset(const FindingsDocument& document) {
  m_document = document;
  m_undoStack->clear();
  m_dragSerial = 0;
  // No current row while the reset is announced: listeners may read finding(currentRow()).
  const bool hadCurrent = m_currentRow != -1;
  m_currentRow = -1;
  Q_EMIT modelReset();
  if (hadCurrent) Q_EMIT currentRowChanged(-1);
}

const FindingsDocument& FindingsModel::document() const {
  return m_document;
}

int FindingsModel::count() const {
  return static_cast<int>(m_document.boxes.size());
}

const BoundingBox& FindingsModel::finding(int row) const {
  return m_document.boxes.at(static_cast<std::size_t>(row));
}

int FindingsModel::rowOfId(int id) const {
  const auto& boxes = m_document.boxes;
  const auto found = std::find_if(boxes.begin(), boxes.end(),
                                  [id](const BoundingBox& box) { return box.id == id; });
  return found == boxes.end() ? -1 : static_cast<int>(found - boxes.begin());
}

void FindingsModel::setBox(int row, const BoundingBox& box) {
  if (!isValidRow(row)) return;
  const BoundingBox& before = finding(row);
  if (EditBoxCommand::sameGeometry(before, box)) return;
  m_undoStack->push(new EditBoxCommand(this, before, box, m_dragSerial));
}

void FindingsModel::beginBoxDrag() {
  m_dragSerial = ++m_lastDragSerial;
}

void FindingsModel::endBoxDrag() {
  m_dragSerial = 0;
}

int FindingsModel::addFinding(BoundingBox box) {
  int largestId = 0;
  for (const auto& existing : m_document.boxes) largestId = std::max(largestId, existing.id);
  box.id = largestId + 1;
  box.review = std::string(kReviewAdded);
  m_undoStack->push(new AddFindingCommand(this, box, count()));
  const int row = rowOfId(box.id);
  setCurrentRow(row);
  return row;
}

void FindingsModel::removeFinding(int row) {
  if (!isValidRow(row)) return;
  m_undoStack->push(new RemoveFindingCommand(this, finding(row), row));
}

void FindingsModel::setReview(int row, const QString& review) {
  const std::string value = review.toStdString();
  if (!isKnownReview(value)) {
    throw InvalidArgument("review '" + value + "' is not one of accepted, rejected, added");
  }
  if (!isValidRow(row) || finding(row).review == value) return;
  m_undoStack->push(new SetReviewCommand(this, finding(row), value));
}

QUndoStack* FindingsModel::undoStack() const {
  return m_undoStack;
}

int FindingsModel::currentRow() const {
  return m_currentRow;
}

void FindingsModel::setCurrentRow(int row) {
  changeCurrentRow(isValidRow(row) ? row : -1);
}

void FindingsModel::applyGeometry(int id, const BoundingBox& geometry) {
  const int row = rowOfId(id);
  if (row < 0) return;
  BoundingBox& box = m_document.boxes[static_cast<std::size_t>(row)];
  box.x = geometry.x;
  box.y = geometry.y;
  box.z = geometry.z;
  box.width = geometry.width;
  box.height = geometry.height;
  box.depth = geometry.depth;
  Q_EMIT boxChanged(row);
  Q_EMIT edited();
}

void FindingsModel::insertFinding(int row, const BoundingBox& box) {
  row = std::clamp(row, 0, count());
  m_document.boxes.insert(m_document.boxes.begin() + row, box);
  Q_EMIT findingAdded(row);
  // The current finding keeps being current although its row moved down.
  if (m_currentRow >= row) changeCurrentRow(m_currentRow + 1);
  Q_EMIT edited();
}

void FindingsModel::eraseFinding(int id) {
  const int row = rowOfId(id);
  if (row < 0) return;
  m_document.boxes.erase(m_document.boxes.begin() + row);
  Q_EMIT findingRemoved(row);
  if (m_currentRow > row) {
    changeCurrentRow(m_currentRow - 1);
  } else if (m_currentRow == row) {
    // The reader goes on with the next finding, as in a list after a deletion; the row number
    // may stay the same while the finding behind it changed, so always announce it.
    m_currentRow = -2;
    changeCurrentRow(std::min(row, count() - 1));
  }
  Q_EMIT edited();
}

void FindingsModel::applyReview(int id, const std::string& review) {
  const int row = rowOfId(id);
  if (row < 0) return;
  m_document.boxes[static_cast<std::size_t>(row)].review = review;
  Q_EMIT reviewChanged(row);
  Q_EMIT edited();
}

int FindingsModel::steppedRow(int step) const {
  if (count() == 0) return -1;
  if (m_currentRow < 0) return step > 0 ? 0 : count() - 1;
  return ((m_currentRow + step) % count() + count()) % count();
}

bool FindingsModel::applyReviewKey(int key) {
  if (!isValidRow(m_currentRow)) return false;
  switch (key) {
    case Qt::Key_Delete:
    case Qt::Key_Backspace:
      removeFinding(m_currentRow);
      return true;
    case Qt::Key_A:
      setReview(m_currentRow, QString::fromUtf8(kReviewAccepted.data()));
      return true;
    case Qt::Key_R:
      setReview(m_currentRow, QString::fromUtf8(kReviewRejected.data()));
      return true;
    default:
      return false;
  }
}

int FindingsModel::rowForNavigationKey(int key) const {
  if (key == Qt::Key_N) return steppedRow(+1);
  if (key == Qt::Key_P) return steppedRow(-1);
  return -1;
}

bool FindingsModel::isValidRow(int row) const {
  return row >= 0 && row < count();
}

void FindingsModel::changeCurrentRow(int row) {
  if (row == m_currentRow) return;
  m_currentRow = row;
  Q_EMIT currentRowChanged(row);
}

}  // namespace anomadiff::gui
