#pragma once

#include "localize/BoundingBox.h"

#include <cstddef>
#include <string>
#include <vector>

namespace anomadiff {

/// How many findings a reader accepted, rejected, drew or left open: the one line every export
/// of a reviewed result carries, so a reader of the files sees at once what a person confirmed.
struct ReviewSummary {
  std::size_t accepted = 0;
  std::size_t rejected = 0;
  std::size_t added = 0;
  std::size_t pending = 0;

  static ReviewSummary of(const std::vector<BoundingBox>& boxes);
  /// "2 accepted, 1 rejected, 1 added, 0 pending".
  std::string text() const;
};

}  // namespace anomadiff
