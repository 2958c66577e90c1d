#pragma once

#include "image/ImageGeometry.h"
#include "image/SliceAxes.h"

namespace anomadiff {

/// The anatomical direction each edge of a displayed slice faces (R/L, A/P, S/I), as radiology
/// viewers print them beside the image: axial views in our radiological convention read R on the
/// left, L on the right, A at the top, P at the bottom.
struct ScreenLetters {
  char left = '?';
  char right = '?';
  char top = '?';
  char bottom = '?';

  bool operator==(const ScreenLetters&) const = default;
};

/// Letters for `axes` (sliceAxesFor) of `geometry`, from the direction cosines: the screen's
/// rightward and downward directions, each rounded to its nearest anatomical axis.
ScreenLetters screenLettersFor(const ImageGeometry& geometry, const SliceAxes& axes);

}  // namespace anomadiff
