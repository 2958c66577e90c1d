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
  /// Now, as ISO 8601 UTC ("2026-12-06T17:52:42Z"): the time format of every record.
  static std::string utcNow();
};

}  // namespace anomadiff::run
