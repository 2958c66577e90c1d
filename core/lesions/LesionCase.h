#pragma once

#include "image/Image.h"
#include "lesions/LesionSpec.h"

#include <cstddef>
#include <string>

namespace anomadiff::lesions {

/// One generated case: the image with the lesion, its exact label and what made it.
struct LesionCase {
  /// The input's geometry; float voxels.
  Image image;
  /// 1 exactly where `image` differs from the input (by more than `epsilon`, and nowhere
  /// else: smaller changes were undone), 0 elsewhere; stored as uint8.
  Image label;
  LesionSpec spec;
  /// Intensity change below which the lesion was undone, in the input's intensity units.
  double epsilon = 0.0;
  std::size_t labelVoxels = 0;
  std::size_t brainVoxels = 0;

  /// {"spec": {...}, "epsilon", "label_voxels", "brain_voxels", "label_fraction"}.
  std::string toJson() const;
};

}  // namespace anomadiff::lesions
