#include "image/ScreenLetters.h"

#include "image/AnatomicalAxis.h"

namespace anomadiff {
namespace {

/// The anatomical axis the screen runs along: an index axis, reversed when the view flips it.
AnatomicalAxis screenAxis(const ImageGeometry& geometry, int indexAxis, bool flipped) {
  const AnatomicalAxis axis = AnatomicalAxis::ofIndexAxis(geometry, indexAxis);
  return flipped ? axis.reversed() : axis;
}

}  // namespace

ScreenLetters screenLettersFor(const ImageGeometry& geometry, const SliceAxes& axes) {
  const AnatomicalAxis right = screenAxis(geometry, axes.column, axes.flipColumns);
  const AnatomicalAxis down = screenAxis(geometry, axes.row, axes.flipRows);
  return {right.reversed().letter(), right.letter(), down.reversed().letter(), down.letter()};
}

}  // namespace anomadiff
