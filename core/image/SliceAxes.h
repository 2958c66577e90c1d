#pragma once

#include "image/ImageGeometry.h"

namespace anomadiff {

/// The anatomical plane shown. Planes are chosen in physical space (the image's direction cosines,
/// rounded to the nearest axes), so a sagittally acquired volume still shows axial slices as
/// axial, and every view is radiological like VolumeView: axial and coronal put the patient's
/// left on screen right, axial has anterior up, coronal and sagittal have superior up, and
/// sagittal has anterior on the left.
enum class SliceOrientation { Axial, Coronal, Sagittal };

/// How the index axes of an image map onto the screen for one orientation.
struct SliceAxes {
  int column = 0;            ///< index axis that runs left to right
  int row = 1;               ///< index axis that runs top to bottom
  int normal = 2;            ///< index axis across slices
  bool flipColumns = false;  ///< the column index decreases to the right
  bool flipRows = false;     ///< the row index decreases downwards

  bool operator==(const SliceAxes&) const = default;
};

/// The screen mapping for `orientation`, from the direction cosines (ITK's LPS convention).
/// A 2D image (size[2] == 1) always shows its own plane, whatever the orientation, with the
/// same conventions applied to the physical axes its rows and columns follow. Directions that do
/// not round to a permutation of the axes fall back to index space.
/// Shared by SliceView and VolumeView so that the 2D and 3D views agree.
SliceAxes sliceAxesFor(const ImageGeometry& geometry, SliceOrientation orientation);

}  // namespace anomadiff
