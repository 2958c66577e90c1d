#pragma once

#include <string>

namespace anomadiff {

/// A share of one finding that lies in one labelled region of an anatomical atlas.
struct AtlasRegion {
  std::string atlas;      ///< e.g. "AAL"
  std::string name;       ///< the atlas's label name, e.g. "Precentral_L"
  double fraction = 0.0;  ///< of the finding's voxels, 0–1
};

}  // namespace anomadiff
