#pragma once

#include "cli/MethodOptions.h"
#include "report/Provenance.h"

#include <string>

namespace anomadiff::cli {

/// The provenance every exported result carries: app version, method, model name and hash,
/// every parameter value actually used (defaults included), threads, input and time.
class RunProvenance {
 public:
  static Provenance of(const PreparedMethod& method, const std::string& input);
};

}  // namespace anomadiff::cli
