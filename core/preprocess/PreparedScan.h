#pragma once

#include "image/Image.h"
#include "preprocess/AffineTransform.h"
#include "preprocess/IntakeReport.h"
#include "preprocess/Interpolation.h"

#include <array>

namespace anomadiff::preprocess {

/// A scan brought into the model's space by ScanIntake, and the way back: methods run on
/// `image` and `brain`; their maps and boxes return to the scan's own (native) grid, where the
/// reader, the PACS and the exported files expect them.
struct PreparedScan {
  Image image;  ///< the scan in model space: the model's axes, on the template grid if registered
  Image brain;  ///< 0/1 brain mask on image's grid
  ImageGeometry nativeGeometry;
  /// Physical (LPS mm) points of the native grid to points of the model-space grid; the
  /// identity unless registered (reorienting keeps every voxel where it is in space).
  AffineTransform nativeToModel;
  IntakeReport report;

  /// True when image is the scan itself (no reorientation, no registration).
  bool isNative() const { return image.geometry() == nativeGeometry && !report.registered; }

  /// A map on image's grid brought onto the native grid (`interpolation` only matters when
  /// registered; a reoriented map is permuted exactly). Throws InvalidArgument for a map of
  /// another size.
  Image toNative(const Image& modelSpaceMap, Interpolation interpolation,
                 float outside = 0.0f) const;

  /// Model-space voxel indices to continuous native voxel indices.
  AffineTransform modelIndexToNativeIndex() const;
  /// The continuous native voxel index of a model-space voxel index.
  std::array<double, 3> nativeIndexOf(const std::array<double, 3>& modelIndex) const {
    return modelIndexToNativeIndex().apply(modelIndex);
  }
};

}  // namespace anomadiff::preprocess
