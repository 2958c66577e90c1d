#include "report/ReviewSummary.h"

namespace anomadiff {

ReviewSummary ReviewSummary::of(const std::vector<BoundingBox>& boxes) {
  ReviewSummary summary;
  for (const auto& box : boxes) {
    if (box.review == kReviewAccepted) {
      ++summary.accepted;
    } else if (box.review == kReviewRejected) {
      ++summary.rejected;
    } else if (box.review == kReviewAdded) {
      ++summary.added;
    } else {
      ++summary.pending;
    }
  }
  return summary;
}

std::string ReviewSummary::text() const {
  return std::to_string(accepted) + " accepted, " + std::to_string(rejected) + " rejected, " +
         std::to_string(added) + " added, " + std::to_string(pending) + " pending";
}

}  // namespace anomadiff
