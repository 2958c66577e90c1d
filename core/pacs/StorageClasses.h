#pragma once

#include <string>
#include <vector>

namespace anomadiff {

/// The storage SOP classes we offer to receive in (C-GET's SCP-role contexts, the C-MOVE
/// storage SCP). An association holds 128 presentation contexts at most, so not all ~190:
/// DCMTK's list of common classes plus the objects AnomaDiff itself writes and reads — DCMTK's
/// list lacks Segmentation and Parametric Map, so a SEG stored by us could not come back.
class StorageClasses {
 public:
  /// Each class once, at most `limit` of them, ours first.
  static std::vector<std::string> retrievable(std::size_t limit = 120);
};

}  // namespace anomadiff
