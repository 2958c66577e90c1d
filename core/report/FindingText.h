#pragma once

#include "image/ImageGeometry.h"
#include "localize/BoundingBox.h"

#include <array>
#include <string>

namespace anomadiff {

/// A finding in a reader's words, the same in the CSV, the reports and the findings list:
/// where it lies ("AAL: Precentral_L 62 %, Frontal_Mid_L 21 %; Harvard-Oxford cortical: …"),
/// how big it is (mL) and its physical extent along the patient's axes.
class FindingText {
 public:
  /// Regions grouped by atlas; "" when the finding has none.
  static std::string where(const BoundingBox& box);
  /// The box's extent in mm along right–left, anterior–posterior and inferior–superior (the
  /// physical axes of `grid`, which the box indexes); zeros when the grid is unknown.
  static std::array<double, 3> extentMm(const BoundingBox& box, const ImageGeometry& grid);
  /// "4.2 mL, 28 × 30 × 24 mm (R-L × A-P × S-I)", or "" when neither is known.
  static std::string size(const BoundingBox& box, const ImageGeometry& grid);
};

}  // namespace anomadiff
