#pragma once

#include "views/SliceLayer.h"

namespace anomadiff::gui {

/// Prints the anatomical direction each edge of the slice faces (R/L, A/P, S/I) at the middle
/// of that edge, as ITK-SNAP and 3D Slicer do, so a reader never guesses the side of a finding.
/// The letters follow the image's direction cosines (ScreenLetters); takes no events.
class OrientationLettersLayer : public SliceLayer {
  Q_OBJECT

 public:
  using SliceLayer::SliceLayer;

  void paint(QPainter& painter, const SliceView& view) override;
};

}  // namespace anomadiff::gui
