#pragma once

#include "image/ImageGeometry.h"

#include <array>

namespace anomadiff {

/// One of the three anatomical axes with a sense, in ITK's LPS frame (+x towards the patient's
/// left, +y posterior, +z superior), and its letter in the NIfTI convention: L/R, P/A, S/I.
/// The one rounding of directions to axes that orientation codes, screen letters and the views'
/// plane choice share.
struct AnatomicalAxis {
  int physical = -1;  ///< 0, 1, 2 for x, y, z; -1 for "no axis" (an unknown letter)
  bool positive = true;

  /// The axis nearest a direction (its largest component; ties go to the earlier axis).
  static AnatomicalAxis nearest(const std::array<double, 3>& direction);
  /// The axis index axis `indexAxis` of a grid runs along (its direction-cosine column).
  static AnatomicalAxis ofIndexAxis(const ImageGeometry& geometry, int indexAxis);
  /// The axis a letter names; physical -1 for a character that is none of R/L/A/P/S/I.
  static AnatomicalAxis ofLetter(char letter);
  char letter() const;
  AnatomicalAxis reversed() const { return {physical, !positive}; }
};

}  // namespace anomadiff
