#pragma once

#include "localize/BoundingBox.h"
#include "views/BoxOnSlice.h"
#include "views/SliceLayer.h"

#include <QPointer>

#include <array>

namespace anomadiff::gui {

class FindingsModel;

/// Draws the findings that cross a SliceView's slice and lets the reader edit them: left-drag
/// inside a box moves it, on one of the current box's 8 handles resizes it (clamped to the
/// image, at least one voxel), Shift+left-drag on empty space draws a new box (one slice deep
/// on a volume). Keys: Delete/Backspace remove the current box, A/R accept/reject it, N/P select
/// the next/previous finding. Every change goes through the FindingsModel (and its undo stack);
/// the layer keeps only the state of the gesture in progress. A plain left-click on empty space
/// is left to the view's other tools.
class BoxEditLayer : public SliceLayer {
  Q_OBJECT

 public:
  explicit BoxEditLayer(FindingsModel* model, QObject* parent = nullptr);

  void paint(QPainter& painter, const SliceView& view) override;
  bool mousePress(SliceView& view, QMouseEvent* event) override;
  bool mouseMove(SliceView& view, QMouseEvent* event) override;
  bool mouseRelease(SliceView& view, QMouseEvent* event) override;
  bool keyPress(SliceView& view, QKeyEvent* event) override;

 Q_SIGNALS:
  /// N/P selected `row`; the window moves its views to that finding.
  void navigateRequested(int row);

 private:
  enum class Gesture { None, Move, Resize, Draw };

  bool startEdit(SliceView& view, QPointF position);
  bool startDraw(SliceView& view, QPointF position);
  void dragTo(const SliceView& view, QPointF position);
  BoundingBox moved(const SliceView& view, const std::array<int, 3>& voxel) const;
  BoundingBox resized(const SliceView& view, QPointF position) const;
  BoundingBox drawnBox(const SliceView& view) const;
  void finishGesture(SliceView& view);
  /// The topmost box on the slice under `position`, -1 if none.
  int rowAt(const SliceView& view, QPointF position) const;
  void updateCursor(SliceView& view, QPointF position) const;
  bool navigate(int row);

  void paintBox(QPainter& painter, const SliceView& view, const BoundingBox& box,
                bool current) const;

  QPointer<FindingsModel> m_model;
  Gesture m_gesture = Gesture::None;
  int m_gestureId = 0;         // id of the finding being moved or resized
  BoundingBox m_gestureStart;  // its geometry when the gesture began
  BoxOnSlice::Handle m_handle;
  std::array<int, 3> m_pressVoxel{};
  std::array<int, 3> m_currentVoxel{};
};

}  // namespace anomadiff::gui
