#pragma once

#include "image/Image.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace anomadiff::run {

/// One evaluation or calibration input: an image, its brain mask and (for a lesion case) the
/// exact lesion label on the same grid.
struct SliceCase {
  std::string name;
  Image image;
  Image brain;
  std::optional<Image> label;  ///< absent for healthy slices
  /// Groups the case is reported in, e.g. "family=ellipsoid", "size=small" (from the
  /// folder's cases.json; empty when the folder has none).
  std::vector<std::string> strata;
};

/// Reads the inputs of `evaluate` and `calibrate`.
class SliceCases {
 public:
  /// A `make-lesions` folder: every case_*_image.nii.gz with its _label and _brain files, in
  /// name order, with its strata from cases.json (lesion family; size small < 0.5 % of the
  /// brain, medium < 2 %, large). Throws IoError when the folder has no case or a case misses
  /// a file.
  static std::vector<SliceCase> fromCaseFolder(const std::filesystem::path& folder);

  /// Axial slices `range` ("A:B") of a healthy volume, each with its brain (from `mask`, or
  /// computed from the skull-stripped volume); slices with under 100 brain pixels are skipped.
  static std::vector<SliceCase> healthySlices(const std::filesystem::path& volume,
                                              const std::optional<std::filesystem::path>& mask,
                                              const std::string& range);
};

}  // namespace anomadiff::run
