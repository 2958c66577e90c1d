#pragma once

#include "image/Image.h"

#include <string>

namespace anomadiff::preprocess {

/// The anatomy a model was trained on, for bringing a subject's scan into the model's space:
/// the head with skull (registration target for raw scans) and the skull-stripped brain on the
/// same grid (target for skull-stripped scans; > 0 is brain).
struct ScanTemplate {
  std::string name;
  Image head;
  Image brain;
};

}  // namespace anomadiff::preprocess
