#pragma once

#include "localize/AtlasRegion.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace anomadiff {

/// One finding: a box in voxel index units of the input (x along image axis 0, y along axis 1,
/// z along axis 2; z = 0 and depth = 1 for 2D) with its evidence.
struct BoundingBox {
  int id = 0;
  std::size_t x = 0, y = 0, z = 0;
  std::size_t width = 0, height = 0, depth = 1;
  double score = 0.0;         ///< mean anomaly inside the component
  double maxScore = 0.0;      ///< largest anomaly inside the component
  double meanVariance = 0.0;  ///< ensemble variance inside: high means the model is unsure
  std::size_t areaPx = 0;     ///< voxels in the component (not the box)
  /// The finding's volume in mL of the patient (FindingAnatomy); 0 when not measured.
  double volumeMl = 0.0;
  /// Atlas regions holding the finding, largest share first per atlas; empty when unknown.
  std::vector<AtlasRegion> regions;
  /// A reader's verdict: "" (not reviewed yet), kReviewAccepted, kReviewRejected, or
  /// kReviewAdded for a box the reader drew (its scores are then 0: no component behind it).
  std::string review;
};

inline constexpr std::string_view kReviewAccepted = "accepted";
inline constexpr std::string_view kReviewRejected = "rejected";
inline constexpr std::string_view kReviewAdded = "added";

/// True for "" and the three review states above.
inline bool isKnownReview(std::string_view review) {
  return review.empty() || review == kReviewAccepted || review == kReviewRejected ||
         review == kReviewAdded;
}

}  // namespace anomadiff
