#include "views/BoxEditLayer.h"

#include "findings/FindingsModel.h"
#include "views/SliceView.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace anomadiff::gui {

namespace {

// Widget pixels around a handle's centre that still grab it (a 6 px square is hard to hit).
constexpr double kHandleTolerance = 6.0;
constexpr double kHandleSize = 6.0;

QColor reviewColour(const std::string& review) {
  if (review == kReviewAccepted) return {40, 200, 60};
  if (review == kReviewRejected) return {150, 150, 150};
  if (review == kReviewAdded) return {0, 210, 255};
  return {255, 210, 0};  // pending
}

// The voxel under `position`, with positions off the slice pulled onto its border, so a drag
// past the image edge clamps instead of stopping.
std::optional<std::array<int, 3>> clampedVoxelAt(const SliceView& view, QPointF position) {
  const QRectF rect = view.sliceRect();
  if (rect.isEmpty()) return std::nullopt;
  constexpr double kInside = 1e-3;
  position.setX(std::clamp(position.x(), rect.left(), rect.right() - kInside));
  position.setY(std::clamp(position.y(), rect.top(), rect.bottom() - kInside));
  return view.voxelAt(position);
}

std::size_t imageSize(const SliceView& view, int axis) {
  return view.image()->geometry().size[static_cast<std::size_t>(axis)];
}

// New [low, high] (inclusive voxel indices) of one axis when its dragged end follows the voxel
// edge nearest to `index` (continuous); the edge between voxels i - 1 and i lies at i - 0.5.
std::pair<long, long> draggedEnd(BoxOnSlice::End end, long low, long high, double index,
                                 long size) {
  const auto edge = static_cast<long>(std::lround(index + 0.5));
  if (end == BoxOnSlice::End::Low) low = std::clamp(edge, 0L, high);
  if (end == BoxOnSlice::End::High) high = std::clamp(edge - 1, low, size - 1);
  return {low, high};
}

}  // namespace

BoxEditLayer::BoxEditLayer(FindingsModel* model, QObject* parent)
    : SliceLayer(parent), m_model(model) {
  for (const auto signal :
       {&FindingsModel::boxChanged, &FindingsModel::findingAdded, &FindingsModel::findingRemoved,
        &FindingsModel::reviewChanged, &FindingsModel::currentRowChanged}) {
    connect(model, signal, this, &SliceLayer::changed);
  }
  connect(model, &FindingsModel::modelReset, this, &SliceLayer::changed);
}

void BoxEditLayer::paint(QPainter& painter, const SliceView& view) {
  if (m_model == nullptr || !view.hasImage()) return;
  painter.setRenderHint(QPainter::Antialiasing, false);
  for (int row = 0; row < m_model->count(); ++row) {
    if (row != m_model->currentRow()) paintBox(painter, view, m_model->finding(row), false);
  }
  // The current box last, so its handles stay on top of overlapping boxes.
  if (m_model->currentRow() >= 0) {
    paintBox(painter, view, m_model->finding(m_model->currentRow()), true);
  }
  if (m_gesture == Gesture::Draw) {
    const BoxOnSlice drawn(view, drawnBox(view));
    painter.setPen(QPen(reviewColour(std::string(kReviewAdded)), 1.0, Qt::DashLine));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(drawn.rect());
  }
}

void BoxEditLayer::paintBox(QPainter& painter, const SliceView& view, const BoundingBox& box,
                            bool current) const {
  const BoxOnSlice placed(view, box);
  if (!placed.isVisible()) return;
  const QColor colour = reviewColour(box.review);
  const Qt::PenStyle style = box.review == kReviewRejected ? Qt::DashLine : Qt::SolidLine;
  painter.setPen(QPen(colour, current ? 2.0 : 1.0, style));
  painter.setBrush(Qt::NoBrush);
  painter.drawRect(placed.rect());
  const QString label = QStringLiteral("#%1 %2").arg(box.id).arg(box.score, 0, 'f', 2);
  const QPointF anchor = placed.rect().topLeft() - QPointF(0.0, 3.0);
  painter.drawText(anchor.y() < painter.fontMetrics().ascent()
                       ? placed.rect().bottomLeft() + QPointF(0.0, 12.0)
                       : anchor,
                   label);
  if (!current) return;
  painter.setPen(QPen(Qt::black, 1.0));
  painter.setBrush(colour);
  for (const auto& handle : placed.handles()) {
    painter.drawRect(QRectF(handle.position - QPointF(kHandleSize / 2, kHandleSize / 2),
                            QSizeF(kHandleSize, kHandleSize)));
  }
}

bool BoxEditLayer::mousePress(SliceView& view, QMouseEvent* event) {
  if (m_model == nullptr || !view.hasImage() || event->button() != Qt::LeftButton) return false;
  if (startEdit(view, event->position())) return true;
  if (event->modifiers().testFlag(Qt::ShiftModifier)) return startDraw(view, event->position());
  return false;
}

bool BoxEditLayer::startEdit(SliceView& view, QPointF position) {
  const int current = m_model->currentRow();
  std::optional<BoxOnSlice::Handle> handle;
  if (current >= 0) {
    const BoxOnSlice placed(view, m_model->finding(current));
    if (placed.isVisible()) handle = placed.handleAt(position, kHandleTolerance);
  }
  const int row = handle ? current : rowAt(view, position);
  const auto voxel = clampedVoxelAt(view, position);
  if (row < 0 || !voxel) return false;
  m_model->setCurrentRow(row);
  m_gesture = handle ? Gesture::Resize : Gesture::Move;
  m_handle = handle.value_or(BoxOnSlice::Handle{});
  m_gestureStart = m_model->finding(row);
  m_gestureId = m_gestureStart.id;
  m_pressVoxel = *voxel;
  m_model->beginBoxDrag();
  return true;
}

bool BoxEditLayer::startDraw(SliceView& view, QPointF position) {
  const auto voxel = view.voxelAt(position);
  if (!voxel) return false;
  m_gesture = Gesture::Draw;
  m_pressVoxel = *voxel;
  m_currentVoxel = *voxel;
  Q_EMIT changed();
  return true;
}

bool BoxEditLayer::mouseMove(SliceView& view, QMouseEvent* event) {
  if (m_gesture == Gesture::None || m_model == nullptr || !view.hasImage()) {
    if (m_model != nullptr && view.hasImage()) updateCursor(view, event->position());
    return false;
  }
  dragTo(view, event->position());
  return true;
}

void BoxEditLayer::dragTo(const SliceView& view, QPointF position) {
  const auto voxel = clampedVoxelAt(view, position);
  if (!voxel) return;
  if (m_gesture == Gesture::Draw) {
    m_currentVoxel = *voxel;
    Q_EMIT changed();
    return;
  }
  const int row = m_model->rowOfId(m_gestureId);
  if (row < 0) return;
  m_model->setBox(row, m_gesture == Gesture::Move ? moved(view, *voxel) : resized(view, position));
}

BoundingBox BoxEditLayer::moved(const SliceView& view, const std::array<int, 3>& voxel) const {
  BoundingBox box = m_gestureStart;
  const SliceAxes axes = view.sliceAxes();
  for (const int axis : {axes.column, axes.row}) {
    const auto index = static_cast<std::size_t>(axis);
    const long extent = static_cast<long>(BoxOnSlice::extent(box, axis));
    const long start =
        static_cast<long>(BoxOnSlice::start(box, axis)) + voxel[index] - m_pressVoxel[index];
    const long largestStart = std::max(0L, static_cast<long>(imageSize(view, axis)) - extent);
    BoxOnSlice::setSpan(box, axis, static_cast<std::size_t>(std::clamp(start, 0L, largestStart)),
                        static_cast<std::size_t>(extent));
  }
  return box;
}

BoundingBox BoxEditLayer::resized(const SliceView& view, QPointF position) const {
  BoundingBox box = m_gestureStart;
  const SliceAxes axes = view.sliceAxes();
  const std::array<double, 3> index = BoxOnSlice::indexAt(view, position);
  for (const auto& [axis, end] :
       {std::pair{axes.column, m_handle.column}, std::pair{axes.row, m_handle.row}}) {
    const long low = static_cast<long>(BoxOnSlice::start(box, axis));
    const long high = low + static_cast<long>(BoxOnSlice::extent(box, axis)) - 1;
    const auto [newLow, newHigh] = draggedEnd(end, low, high, index[static_cast<std::size_t>(axis)],
                                              static_cast<long>(imageSize(view, axis)));
    BoxOnSlice::setSpan(box, axis, static_cast<std::size_t>(newLow),
                        static_cast<std::size_t>(newHigh - newLow + 1));
  }
  return box;
}

BoundingBox BoxEditLayer::drawnBox(const SliceView& view) const {
  BoundingBox box;
  const SliceAxes axes = view.sliceAxes();
  for (const int axis : {axes.column, axes.row}) {
    const auto index = static_cast<std::size_t>(axis);
    const int low = std::min(m_pressVoxel[index], m_currentVoxel[index]);
    const int high = std::max(m_pressVoxel[index], m_currentVoxel[index]);
    BoxOnSlice::setSpan(box, axis, static_cast<std::size_t>(low),
                        static_cast<std::size_t>(high - low + 1));
  }
  BoxOnSlice::setSpan(box, axes.normal, static_cast<std::size_t>(view.sliceIndex()), 1);
  return box;
}

bool BoxEditLayer::mouseRelease(SliceView& view, QMouseEvent* event) {
  if (m_gesture == Gesture::None || event->button() != Qt::LeftButton) return false;
  if (m_model != nullptr && view.hasImage()) dragTo(view, event->position());
  finishGesture(view);
  return true;
}

void BoxEditLayer::finishGesture(SliceView& view) {
  const Gesture gesture = m_gesture;
  m_gesture = Gesture::None;
  if (m_model == nullptr) return;
  if (gesture == Gesture::Draw) {
    // A Shift-click without a drag draws nothing: a one-voxel finding is almost always a slip.
    if (m_currentVoxel != m_pressVoxel && view.hasImage()) m_model->addFinding(drawnBox(view));
    Q_EMIT changed();
    return;
  }
  m_model->endBoxDrag();
}

int BoxEditLayer::rowAt(const SliceView& view, QPointF position) const {
  for (int row = m_model->count() - 1; row >= 0; --row) {
    const BoxOnSlice placed(view, m_model->finding(row));
    if (placed.isVisible() && placed.rect().contains(position)) return row;
  }
  return -1;
}

void BoxEditLayer::updateCursor(SliceView& view, QPointF position) const {
  const int current = m_model->currentRow();
  if (current >= 0) {
    const BoxOnSlice placed(view, m_model->finding(current));
    if (placed.isVisible() && placed.handleAt(position, kHandleTolerance)) {
      view.setCursor(Qt::CrossCursor);
      return;
    }
  }
  if (rowAt(view, position) >= 0) {
    view.setCursor(Qt::SizeAllCursor);
  } else {
    view.unsetCursor();
  }
}

bool BoxEditLayer::keyPress(SliceView& /*view*/, QKeyEvent* event) {
  if (m_model == nullptr || (event->modifiers() & (Qt::ControlModifier | Qt::AltModifier |
                                                   Qt::MetaModifier)) != Qt::NoModifier) {
    return false;
  }
  const int target = m_model->rowForNavigationKey(event->key());
  if (target >= 0) return navigate(target);
  return m_model->applyReviewKey(event->key());
}

bool BoxEditLayer::navigate(int row) {
  if (row < 0) return false;
  m_model->setCurrentRow(row);
  Q_EMIT navigateRequested(row);
  return true;
}

}  // namespace anomadiff::gui
