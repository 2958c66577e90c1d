#pragma once

#include "report/Provenance.h"
#include "run/MethodSetup.h"

#include <string>

namespace anomadiff::run {

/// The provenance every exported result carries: app version, method, model name and hash,
/// every parameter value actually used (defaults included), threads, input and time.
class RunProvenance {
 public:
  static Provenance of(const PreparedMethod& method, const std::string& input);
};

}  // namespace anomadiff::run
